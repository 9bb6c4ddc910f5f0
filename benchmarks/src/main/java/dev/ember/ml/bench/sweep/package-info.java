/** Workloads of the sweep engine ({@code dev.ember.ml.pipeline.sweep}): its own overhead at scale. */
package dev.ember.ml.bench.sweep;
