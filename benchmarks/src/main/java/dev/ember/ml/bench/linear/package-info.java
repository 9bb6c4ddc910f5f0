/**
 * Workloads of the linear-models family: logistic and linear regression fitted by Ember and by Spark MLlib on the
 * same cached data, with quality metrics computed the same way for both, and Ember's gradient pass against a plain
 * read of memory on the same machine.
 */
package dev.ember.ml.bench.linear;
