package dev.ember.ml.registry.figures;

import dev.ember.ml.core.tracking.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation charts are real PNG images with something drawn on them. */
class XChartFigureRendererTest {

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, png + " is a PNG image");
        return img;
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void shouldDrawCurvesAndAConfusionMatrixAsPng(@TempDir Path tmp) throws IOException {
        XChartFigureRenderer r = new XChartFigureRenderer();
        Path roc = tmp.resolve("roc.png");
        r.render(new Figure.Curve("roc_curve", "ROC curve", "False positive rate", "True positive rate",
            new double[] {0, 0.1, 0.3, 1}, new double[] {0, 0.7, 0.9, 1}, "AUC = 0.9000", true), roc);
        BufferedImage a = read(roc);
        assertEquals(640, a.getWidth());
        assertTrue(colours(a) > 10, "a chart, not a blank image: " + colours(a) + " colours");

        Path cm = tmp.resolve("cm.png");
        r.render(new Figure.Matrix("confusion_matrix", "Confusion matrix", "True label", "Predicted label",
            List.of("0", "1", "2"), new double[][] {{50, 2, 0}, {3, 40, 1}, {0, 0, 12}}), cm);
        BufferedImage b = read(cm);
        assertTrue(b.getWidth() >= 640 && colours(b) > 10, "a heat map with its counts");
    }
}
