package dev.ember.ml.cli;

import dev.ember.ml.core.observe.MetricsServer;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.features.schedule.Scheduler;
import dev.ember.ml.features.schedule.SchedulerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.ember.ml.core.status.StatusServer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ember features schedule}: the long-lived scheduler (a systemd service or a Kubernetes Deployment). */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Run every view on its cron schedule until SIGTERM: catch-up, retries, interval locks.")
public final class FeaturesScheduleCommand implements Callable<Integer> {
    @Mixin
    private MetricsOptions metrics = new MetricsOptions();

    @Mixin
    private FeaturesOptions options;

    @Mixin
    private StatusPageOptions statusPage;

    @Option(names = "--concurrency", defaultValue = "2", description = "views at once (default: ${DEFAULT-VALUE})")
    private int concurrency;

    @Option(names = "--max-attempts", defaultValue = "3",
        description = "tries per interval (default: ${DEFAULT-VALUE})")
    private int attempts;

    @Option(names = "--backoff", defaultValue = "10s", description = "first retry wait, doubled per retry (default:"
        + " ${DEFAULT-VALUE})")
    private String backoff;

    @Option(names = "--once", description = "run the pending intervals once and exit (for cron or CI)")
    private boolean once;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesScheduleCommand() {
    }

    @Override
    public Integer call() throws Exception {
        try (MetricsServer server = metrics.start()) {
            return schedule();
        }
    }

    private Integer schedule() throws Exception {
        SchedulerConfig cfg = SchedulerConfig.defaults().withMaxConcurrency(concurrency)
            .withRetries(attempts, dev.ember.ml.features.Durations.parse(backoff, "--backoff"));
        try (StatusServer page = statusPage.start(spec.commandLine().getErr());
             Runtime rt = Runtime.create(options.master)) {
            Materializer m = options.materializer(rt);
            Scheduler s = new Scheduler(m, cfg);
            if (once) {
                List<RunRecord> runs = s.tick();
                s.stop();
                long failed = runs.stream().filter(r -> !r.status().equals(RunRecord.SUCCEEDED)).count();
                spec.commandLine().getOut().printf("%d intervals run, %d failed%n", runs.size(), failed);
                return failed == 0 ? 0 : Ember.INCOMPLETE;
            }
            s.installShutdownHook();
            s.run();
        }
        return 0;
    }

}
