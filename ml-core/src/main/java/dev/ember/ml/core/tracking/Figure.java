package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.List;
import java.util.Objects;

/**
 * A chart an evaluation logs to its run, as data: a {@link FigureRenderer} (MLflow's store provides one, with
 * XChart) draws it as a PNG image under the run's artifacts. Evaluators build figures only when they are logged
 * ({@link Tracking#onEvaluate}).
 */
public sealed interface Figure permits Figure.Curve, Figure.Matrix {

    /** @return the file name without extension, such as {@code roc_curve} */
    String name();

    /** @return the title drawn above the chart */
    String title();

    /**
     * A curve through points, such as a ROC or precision-recall curve.
     *
     * @param name the file name without extension
     * @param title the title
     * @param xLabel the x axis's label
     * @param yLabel the y axis's label
     * @param x the x coordinates
     * @param y the y coordinates, as many
     * @param legend the series' legend, such as {@code AUC = 0.9876}
     * @param diagonal whether to draw the chance diagonal from (0, 0) to (1, 1)
     */
    record Curve(String name, String title, String xLabel, String yLabel, double[] x, double[] y, String legend,
                 boolean diagonal) implements Figure {

        /** Checks the coordinates. */
        public Curve {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || x.length == 0) {
                throw new InvalidArgumentException("curve " + name + ": found " + x.length + " x and " + y.length
                    + " y coordinates, expected as many of each and at least one");
            }
        }
    }

    /**
     * A matrix of counts with labelled rows and columns, such as a confusion matrix (rows: true class, columns:
     * predicted class).
     *
     * @param name the file name without extension
     * @param title the title
     * @param rowLabel what the rows are, such as {@code true label}
     * @param columnLabel what the columns are, such as {@code predicted label}
     * @param labels the row and column labels, in order
     * @param counts the counts, {@code counts[row][column]}
     */
    record Matrix(String name, String title, String rowLabel, String columnLabel, List<String> labels,
                  double[][] counts) implements Figure {

        /** Checks the shape. */
        public Matrix {
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
            if (counts.length != labels.size()) {
                throw new InvalidArgumentException("matrix " + name + ": found " + counts.length + " rows for "
                    + labels.size() + " labels, expected one per label");
            }
            for (double[] row : counts) {
                if (row.length != labels.size()) {
                    throw new InvalidArgumentException("matrix " + name + ": found a row of " + row.length
                        + " counts, expected " + labels.size() + " (one per label)");
                }
            }
        }
    }
}
