package dev.ember.ml.cli;

import dev.ember.ml.core.EmberVersion;
import dev.ember.ml.core.MlException;
import dev.ember.ml.registry.RegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code ember} command. */
@Command(name = "ember", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE,
        ExitCodes.UNAVAILABLE_LINE,
        "130:interrupted (ember sweep)"},
    versionProvider = Ember.Version.class,
    description = "Ember: JVM machine-learning training, hyperparameter sweeps, MLflow tracking and model registry,"
        + " feature store.",
    subcommands = {ModelsCommand.class, TrainCommand.class, SweepCommand.class, FeaturesCommand.class,
        ExecutorCommand.class, CommandLine.HelpCommand.class})
public final class Ember implements Runnable {
    /** Exit code for an error the command reported ({@link ExitCodes#FAILED}). */
    public static final int ERROR = ExitCodes.FAILED;
    /** Exit code for work left undone because a server did not answer ({@link ExitCodes#UNAVAILABLE}). */
    public static final int INCOMPLETE = ExitCodes.UNAVAILABLE;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public Ember() {
    }

    /**
     * Runs {@code ember} and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs {@code ember} with the given output streams (for tests and embedding).
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** @return the command line, with Ember's error handling */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Ember());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof MlException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return e instanceof RegistryException r && r.isUnreachable() ? ExitCodes.UNAVAILABLE : ERROR;
            }
            throw e;
        });
        return cl;
    }

    /**
     * Without a subcommand: says one is needed and prints the usage to standard error, exit code
     * {@value ExitCodes#USAGE}.
     */
    @Override
    public void run() {
        throw Ember.missingSubcommand(spec);
    }

    /**
     * @param spec a command that has subcommands
     * @return the usage error for running it without one (picocli prints it and the usage to standard error and
     *     exits with {@value ExitCodes#USAGE})
     */
    static CommandLine.ParameterException missingSubcommand(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: expected one of "
            + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }

    /** Ember's version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ember " + EmberVersion.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
