/**
 * The point-in-time join: entity rows and feature rows scattered into buckets by a hash of their join keys, each
 * bucket sorted by (key, time) and merged by a registered map kernel ({@link dev.ember.ml.features.join.JoinKernels}),
 * so the runtime runs buckets in parallel (or on a cluster's executors).
 */
package dev.ember.ml.features.join;
