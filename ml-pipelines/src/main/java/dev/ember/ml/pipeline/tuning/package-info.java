/**
 * Model selection: {@link dev.ember.ml.pipeline.tuning.ParamGridBuilder} builds the settings to try,
 * {@link dev.ember.ml.pipeline.tuning.CrossValidator} scores each by k-fold cross-validation and
 * {@link dev.ember.ml.pipeline.tuning.TrainValidationSplit} by one held-out split; both refit the best setting on
 * the whole input. Spark's API shape ({@code avgMetrics}, {@code stdMetrics}, {@code bestModel}, sub-models,
 * {@code parallelism}).
 *
 * <h2>How folds are made</h2>
 * The input is cached once, with one added {@code int} fold-id column (a hash of each row's content and the seed,
 * so a row lands in the same fold whatever the partitioning). A fold is never a copy of the feature block:
 * <ul>
 *   <li>training on the complement of fold f: for an estimator with a {@code weightCol} param, a cached
 *   per-fold weight column (0 on fold f, else the row's weight) beside the shared columns of the cached frame,
 *   which the loss kernels apply as row weights; otherwise a lazy filter view over the cached frame (rows
 *   copied for the pass that reads them, then dropped);</li>
 *   <li>validation on fold f: a lazy filter view over the cached frame, read once per model.</li>
 * </ul>
 *
 * <h2>Sharing work between settings</h2>
 * Settings that differ only in {@code regParam} are handed together, sorted from large to small
 * {@code regParam}, to the estimator's multi-setting hook {@link dev.ember.ml.core.Estimator#fit(
 * dev.ember.ml.core.data.Frame, java.util.List)}, so an estimator that fits a regularization path with warm starts
 * (glmnet style) can do so. Independent (group, fold) fits run concurrently, {@code parallelism} at a time, on the
 * same runtime.
 */
package dev.ember.ml.pipeline.tuning;
