/**
 * Evaluators: binary (area under ROC and PR curves, exact), multiclass (accuracy, F1, weighted precision and
 * recall, log-loss) and regression (RMSE, MSE, MAE, R^2), each one tree-aggregate pass over the predictions;
 * clustering (the silhouette, {@link dev.ember.ml.algo.evaluation.ClusteringEvaluator}), two passes.
 * Definitions follow Spark ML's evaluators, and are checked against scikit-learn's metrics.
 */
package dev.ember.ml.algo.evaluation;
