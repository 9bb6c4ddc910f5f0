package dev.ember.ml.cli;

import dev.ember.ml.registry.mlflow.Mlflow;
import dev.ember.ml.registry.mlflow.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ember models replay [--spool DIR] [--list]}: send runs spooled while their server was down. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_TRACKING_LINE,
        "3:runs left in the spool (their server did not answer)"},
    description = "Send the runs kept in the local spool (written while an MLflow server was unreachable) to their "
        + "servers; with --tracking-uri only that server's.")
public final class ModelsReplayCommand implements Callable<Integer> {
    @Mixin
    private TrackingOptions tracking;

    @Option(names = "--spool", paramLabel = "DIR",
        description = "the spool directory (default: ember.tracking.spool, EMBER_TRACKING_SPOOL, "
            + "~/.ember/mlflow-spool)")
    private Path spool;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
        description = "how long to wait for each server (default: ${DEFAULT-VALUE})")
    private long timeoutSeconds;

    @Option(names = "--list", description = "only list the spooled runs")
    private boolean list;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsReplayCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.fromEnvironment();
        if (spool != null) {
            settings = settings.withSpoolDir(spool.toAbsolutePath());
        }
        if (list) {
            List<String> runs = Mlflow.spooled(settings);
            out.printf("%d spooled run(s) in %s%n", runs.size(), settings.spoolDir());
            runs.forEach(out::println);
            return 0;
        }
        Mlflow.ReplayResult r = Mlflow.replay(tracking.explicitUri(), settings, timeoutSeconds * 1000);
        if (r.sentByUri().isEmpty()) {
            out.printf("nothing to replay in %s%n", r.spoolDir());
        }
        for (Map.Entry<String, Integer> e : r.sentByUri().entrySet()) {
            out.printf("sent %d run(s) to %s%n", e.getValue(), e.getKey());
        }
        if (!r.left().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%d run(s) still in %s (their server did not answer):%n", r.left().size(), r.spoolDir());
            r.left().forEach(err::println);
            return Ember.INCOMPLETE;
        }
        return 0;
    }
}
