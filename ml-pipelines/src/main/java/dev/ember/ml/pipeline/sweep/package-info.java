/**
 * The sweep engine: hyperparameter search over any {@link dev.ember.ml.pipeline.sweep.Objective}.
 *
 * <p>A {@link dev.ember.ml.pipeline.sweep.SearchSpace} declares the parameters (choice, uniform, log-uniform,
 * integer, log-integer, each optionally conditional on a categorical parent, named freely so pipelines can use
 * {@code stage.param} addresses). A {@link dev.ember.ml.pipeline.sweep.Sampler} proposes settings
 * ({@link dev.ember.ml.pipeline.sweep.GridSampler}, {@link dev.ember.ml.pipeline.sweep.RandomSampler},
 * {@link dev.ember.ml.pipeline.sweep.TpeSampler}); a {@link dev.ember.ml.pipeline.sweep.Pruner} stops weak trials
 * from the intermediate values they report ({@link dev.ember.ml.pipeline.sweep.MedianPruner},
 * {@link dev.ember.ml.pipeline.sweep.AshaPruner}). {@link dev.ember.ml.pipeline.sweep.Sweep} runs trials, N at a
 * time, under a {@link dev.ember.ml.pipeline.sweep.Budget}, and writes every event to a
 * {@link dev.ember.ml.pipeline.sweep.SweepJournal}: an append-only JSON-lines file fsynced per event that is the
 * source of truth. Running a sweep again over its journal resumes it: finished trials are kept, trials that were
 * running are re-run with the same parameters, and because every sampler draws trial {@code k}'s randomness from
 * {@code (seed, k)} alone and reads the rest of its state from the history, the sequence of suggestions continues
 * as if nothing had happened.
 *
 * <p>The engine depends on nothing but the JDK and Jackson; the CLI ({@code ember sweep}) and MLflow tracking
 * plug in through {@link dev.ember.ml.pipeline.sweep.SweepListener}.
 */
package dev.ember.ml.pipeline.sweep;
