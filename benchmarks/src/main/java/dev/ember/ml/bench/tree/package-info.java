/**
 * The tree workloads: histogram gradient boosting against LightGBM, XGBoost and Spark MLlib's GBTClassifier on
 * the same Parquet file.
 */
package dev.ember.ml.bench.tree;
