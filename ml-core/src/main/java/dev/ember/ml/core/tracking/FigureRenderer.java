package dev.ember.ml.core.tracking;

import java.nio.file.Path;

/**
 * Draws {@link Figure}s as PNG images. Implementations are listed in
 * {@code META-INF/services/dev.ember.ml.core.tracking.FigureRenderer} and found by {@link java.util.ServiceLoader}
 * ({@code model-registry-client} provides one, with XChart); without one, evaluations log their metrics and no
 * images.
 */
public interface FigureRenderer {

    /**
     * @param figure the figure
     * @param png the file to write (a PNG image)
     * @throws TrackingException if it cannot be written
     */
    void render(Figure figure, Path png);
}
