package dev.ember.ml.cli;

import dev.ember.ml.core.EmberVersion;
import dev.ember.ml.core.MlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code ember} command. */
@Command(name = "ember", mixinStandardHelpOptions = true, versionProvider = Ember.Version.class,
    description = "Ember: JVM machine-learning training, hyperparameter sweeps, MLflow tracking and model registry,"
        + " feature store.",
    subcommands = {ModelsCommand.class, TrainCommand.class, SweepCommand.class, FeaturesCommand.class,
        ExecutorCommand.class, CommandLine.HelpCommand.class})
public final class Ember implements Runnable {
    /** Exit code for an error the command reported. */
    public static final int ERROR = 1;
    /** Exit code for work left undone. */
    public static final int INCOMPLETE = 3;

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
                return ERROR;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Ember's version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ember " + EmberVersion.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
