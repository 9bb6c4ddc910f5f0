package dev.ember.ml.cli;

/**
 * The exit codes every {@code ember} command uses, with the same meaning everywhere, and their lines for picocli's
 * {@code exitCodeList} (each command lists the codes it can return under "Exit codes:" in its help, and
 * {@code docs/CLI.md} has the table):
 *
 * <ul>
 *   <li>{@value #OK}: done;</li>
 *   <li>{@value #FAILED}: the command ran and failed (a fit failed, a model or run that does not exist, a plan with
 *   errors, too many failed trials); the error is printed;</li>
 *   <li>{@value #USAGE}: bad usage, before any work: an unknown option, a missing argument or subcommand, a
 *   {@code --tracking-uri} directory that does not exist, a run or sweep file that fails validation;</li>
 *   <li>{@value #UNAVAILABLE}: a server the command needs did not answer (an MLflow tracking server; for
 *   {@code executor}, the driver refused it), or work was left undone for that reason;</li>
 *   <li>{@value #INTERRUPTED}: interrupted (Ctrl-C, SIGINT).</li>
 * </ul>
 */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The command ran and failed. */
    public static final int FAILED = 1;
    /** Bad usage (picocli's own code for it). */
    public static final int USAGE = 2;
    /** A server the command needs did not answer. */
    public static final int UNAVAILABLE = 3;
    /** Interrupted. */
    public static final int INTERRUPTED = 130;

    /** The heading of the exit-code section of every command's help. */
    public static final String HEADING = "%nExit codes:%n";
    /** Help line for {@link #OK}. */
    public static final String OK_LINE = "0:done";
    /** Help line for {@link #FAILED}. */
    public static final String FAILED_LINE = "1:failed (the error is printed)";
    /** Help line for {@link #USAGE}. */
    public static final String USAGE_LINE = "2:bad usage: unknown option, missing argument or subcommand, bad file";
    /** Help line for {@link #USAGE} in the commands that take a tracking URI. */
    public static final String USAGE_TRACKING_LINE = "2:bad usage: unknown option, missing argument, or a"
        + " --tracking-uri directory that does not exist";
    /** Help line for {@link #UNAVAILABLE}. */
    public static final String UNAVAILABLE_LINE = "3:the MLflow tracking server did not answer";

    private ExitCodes() {
    }
}
