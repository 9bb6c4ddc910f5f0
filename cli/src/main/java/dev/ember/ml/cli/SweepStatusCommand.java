package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ember sweep status SWEEP}: counts by state, the best trial, whether a stop is pending. */
@Command(name = "status", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Show a sweep's progress from its journal (works while it runs).",
    footerHeading = "%nExamples:%n", footer = {"  ember sweep status examples/sweeps/tpe.yaml",
        "  ember sweep status tpe --format json"})
public final class SweepStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep file, journal file or sweep name")
    private String sweep;

    @Option(names = "--format", defaultValue = "table", description = "table (default), json or csv")
    private String format;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SweepStatusCommand() {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SweepRef ref = SweepRef.resolve(sweep);
        SweepJournal.Contents c = ref.contents();
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            counts.put(s, 0);
        }
        c.trials().forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        Optional<TrialRecord> best = ref.best(c);
        boolean stopPending = Files.exists(Sweep.stopFile(ref.journal()));
        String name = c.header() == null ? sweep : c.header().path("name").asText();
        if (format.equals("json")) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("sweep", name);
            o.put("journal", ref.journal().toString());
            counts.forEach((k, v) -> o.put(k.name().toLowerCase(Locale.ROOT), v));
            o.put("stopRequested", stopPending);
            if (best.isPresent()) {
                o.put("bestTrial", best.get().number());
                o.put("bestValue", best.get().value());
                o.set("bestParams", m.valueToTree(best.get().params()));
            }
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else if (format.equals("csv")) {
            out.println("sweep,complete,pruned,failed,running,interrupted,best_trial,best_value");
            out.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%s,%s%n", name, counts.get(TrialState.COMPLETE),
                counts.get(TrialState.PRUNED), counts.get(TrialState.FAILED), counts.get(TrialState.RUNNING),
                counts.get(TrialState.INTERRUPTED), best.map(t -> "" + t.number()).orElse(""),
                best.map(t -> "" + t.value()).orElse(""));
        } else {
            out.printf("sweep %s (%s)%n", name, ref.journal());
            out.printf("  complete %d, pruned %d, failed %d, running %d, interrupted %d%s%n",
                counts.get(TrialState.COMPLETE), counts.get(TrialState.PRUNED), counts.get(TrialState.FAILED),
                counts.get(TrialState.RUNNING), counts.get(TrialState.INTERRUPTED),
                stopPending ? " (stop requested)" : "");
            best.ifPresent(t -> out.printf(Locale.ROOT, "  best: trial %d, value %.6g, %s%n", t.number(),
                t.value(), t.params()));
        }
        return 0;
    }
}
