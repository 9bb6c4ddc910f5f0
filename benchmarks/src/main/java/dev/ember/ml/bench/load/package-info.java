/**
 * Workloads of the data-loading family: reading data sets into frames and caching them, the cost every training
 * run pays first.
 */
package dev.ember.ml.bench.load;
