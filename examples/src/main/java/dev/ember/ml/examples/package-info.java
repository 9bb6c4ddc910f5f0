/**
 * Runnable end-to-end programs on real data. {@link dev.ember.ml.examples.QuickstartPipeline} is the demo the
 * README's first command runs; its steps are also the snippets the docs show.
 */
package dev.ember.ml.examples;
