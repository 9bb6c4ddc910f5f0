/**
 * The {@code ember} command line (picocli).
 *
 * <p>{@link dev.ember.ml.cli.Ember} is the entry point; every subcommand is a class of its own, listed in the
 * {@code subcommands} of its parent's {@code @Command}: {@code ember models} ({@link dev.ember.ml.cli.ModelsCommand})
 * with {@code list}, {@code register}, {@code alias}, {@code download} and {@code replay}, and {@code ember executor}
 * ({@link dev.ember.ml.cli.ExecutorCommand}). To add a command (such as {@code train} or {@code sweep}), write a
 * {@code Callable<Integer>} class annotated with {@code @Command} and add it to {@link dev.ember.ml.cli.Ember}'s
 * subcommands; take the tracking server with {@code @Mixin TrackingOptions}.
 *
 * <p>Exit codes of the {@code models} commands: 0 success, 1 an error reported on standard error (naming the URI
 * and, from a server, its message), 2 a usage error, 3 work left undone (spooled runs a server did not take).
 */
package dev.ember.ml.cli;
