/**
 * SQL expressions over a {@link dev.ember.ml.core.data.Frame}'s columns: parsing, a typed expression tree, type
 * checking and vectorized evaluation.
 *
 * <p>An expression string ({@code log(amount + 1)}, {@code CASE WHEN x > 0 THEN 'pos' ELSE 'neg' END}) is parsed by
 * JSqlParser ({@link SqlExpressions#parse}) and translated into Ember's own tree ({@link Expr}), typed against a
 * {@link dev.ember.ml.core.data.Schema} as it is built, so that an unknown column or mixed types fail before any
 * compute with the column, the expression and what was expected. The tree is plain data: it is written to JSON
 * ({@link ExprJson}) to travel in {@link dev.ember.ml.core.runtime.KernelParams} to executors, which type it again
 * against the partition they read. {@link VectorEvaluator} evaluates a whole tree over one partition column at a
 * time (loops over primitive arrays read in bulk from the off-heap buffers, no per-row tree walk), with SQL null
 * semantics: nulls propagate, {@code AND}/{@code OR}/{@code NOT} use three-valued logic, and a filter keeps only
 * rows whose predicate is true. {@link ExprKernels} are the registered map kernels behind
 * {@code Frame.filter} and {@code Frame.withColumn}.
 */
package dev.ember.ml.core.expr;
