package dev.ember.ml.cli;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.RunRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ember features materialize --start S --end E [VIEW...]}: backfill the intervals covering [S, E). */
@Command(name = "materialize", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Backfill: materialize every complete scheduled interval covering [--start, --end) of the views.")
public final class FeaturesMaterializeCommand implements Callable<Integer> {
    @Mixin
    private FeaturesOptions options;

    @Option(names = "--start", required = true, paramLabel = "TIME", description = "a day or an ISO instant (UTC)")
    private String start;

    @Option(names = "--end", required = true, paramLabel = "TIME", description = "a day or an ISO instant (UTC)")
    private String end;

    @Parameters(paramLabel = "VIEW", arity = "0..*", description = "views (default: all)")
    private List<String> views;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesMaterializeCommand() {
    }

    @Override
    public Integer call() throws Exception {
        Instant s = FeaturesOptions.instant(start, "--start");
        Instant e = FeaturesOptions.instant(end, "--end");
        PrintWriter out = spec.commandLine().getOut();
        try (Runtime rt = Runtime.create(options.master)) {
            Materializer m = options.materializer(rt);
            for (FeatureView v : FeaturesOptions.views(views, m.repository())) {
                List<RunRecord> runs = m.materialize(v, s, e);
                print(out, v, runs, m);
            }
        }
        return 0;
    }

    static void print(PrintWriter out, FeatureView v, List<RunRecord> runs, Materializer m) {
        long rows = runs.stream().mapToLong(RunRecord::rows).sum();
        long ms = runs.stream().mapToLong(RunRecord::durationMillis).sum();
        out.printf("%s v%d: %d intervals, %d rows, %d ms; watermark %s%n", v.name(), v.version(), runs.size(), rows,
            ms, m.watermark(v).map(Instant::toString).orElse("none"));
    }
}
