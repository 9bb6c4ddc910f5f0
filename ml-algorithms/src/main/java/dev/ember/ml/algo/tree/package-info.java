/**
 * Tree learners with Spark ML's names and params: {@link dev.ember.ml.algo.tree.DecisionTreeClassifier} /
 * {@link dev.ember.ml.algo.tree.DecisionTreeRegressor}, {@link dev.ember.ml.algo.tree.RandomForestClassifier} /
 * {@link dev.ember.ml.algo.tree.RandomForestRegressor} and {@link dev.ember.ml.algo.tree.GBTClassifier} /
 * {@link dev.ember.ml.algo.tree.GBTRegressor}, all grown on histograms of binned features by
 * {@link dev.ember.ml.algo.tree.hist.HistogramTrainer}. The models share
 * {@link dev.ember.ml.algo.tree.TreeEnsembleModel}: block-wise prediction, feature importances,
 * {@code toDebugString} and a versioned node-matrix format.
 */
package dev.ember.ml.algo.tree;
