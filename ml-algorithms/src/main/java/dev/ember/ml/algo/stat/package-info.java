/**
 * Statistics gathered in one tree-aggregate pass: weighted column moments of a feature block
 * ({@link dev.ember.ml.algo.stat.ColumnSummary}) and the label histogram ({@link dev.ember.ml.algo.stat.LabelSummary}),
 * the inputs that standardization and model initialization need.
 */
package dev.ember.ml.algo.stat;
