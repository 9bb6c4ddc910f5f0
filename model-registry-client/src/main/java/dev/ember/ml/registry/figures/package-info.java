/**
 * Charts of evaluations as PNG images, logged to MLflow runs: the {@link dev.ember.ml.core.tracking.FigureRenderer}
 * of this module, {@link dev.ember.ml.registry.figures.XChartFigureRenderer} (XChart, pure Java, headless).
 */
package dev.ember.ml.registry.figures;
