/**
 * Histogram tree training (Ke et al. 2017): quantile sketches of the features gathered in the shared statistics
 * pass ({@link dev.ember.ml.algo.tree.hist.QuantileSketch}), bins ({@link dev.ember.ml.algo.tree.hist.FeatureBins})
 * applied once into a packed byte block per partition that the runtime caches, and rounds of one tree-aggregate
 * each ({@link dev.ember.ml.algo.tree.hist.HistKernels}) that sum per-node gradient/hessian or class-count
 * histograms, the smaller child built and its sibling subtracted, driven by
 * {@link dev.ember.ml.algo.tree.hist.HistogramTrainer}. Row state between rounds lives with the partitions and is
 * rebuilt from the round's params when missing, so in-process and cluster runtimes grow the same trees.
 */
package dev.ember.ml.algo.tree.hist;
