/**
 * Pipeline sweeps from YAML files, for {@code ember sweep} and {@code ember train}.
 *
 * <p>{@link dev.ember.ml.cli.sweep.SweepSpecReader} reads and validates a sweep file into a
 * {@link dev.ember.ml.cli.sweep.SweepSpec} before any compute (key path, found, expected, line; nearest names for
 * unknown stages, params and keys); stages are found by registered class name ({@code StageCatalog}).
 * {@link dev.ember.ml.cli.sweep.PipelineObjective} prepares the data once and fits a trial's stages;
 * {@link dev.ember.ml.cli.sweep.SweepFactory} turns the file into the engine's
 * {@link dev.ember.ml.pipeline.sweep.Sweep}; {@link dev.ember.ml.cli.sweep.TrackingListener} (MLflow),
 * {@link dev.ember.ml.cli.sweep.ProgressBarListener} and {@link dev.ember.ml.cli.sweep.SweepPlots} are its views.
 * The engine itself lives in {@code ml-pipelines} ({@code dev.ember.ml.pipeline.sweep}) and knows nothing of this
 * package.
 */
package dev.ember.ml.cli.sweep;
