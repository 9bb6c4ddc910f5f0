/** The clustering workloads: W3, k-means on the reference data (Ember against Spark MLlib from the same start). */
package dev.ember.ml.bench.clustering;
