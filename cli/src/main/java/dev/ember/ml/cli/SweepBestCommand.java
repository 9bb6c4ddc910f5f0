package dev.ember.ml.cli;

import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.cli.sweep.TrialTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ember sweep best SWEEP}: the best complete trial. */
@Command(name = "best", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        "1:failed: no complete trial yet, or the sweep cannot be read",
        ExitCodes.USAGE_LINE},
    description = "Show a sweep's best complete trial.",
    footerHeading = "%nExamples:%n", footer = {"  ember sweep best examples/sweeps/tpe.yaml --format json"})
public final class SweepBestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep file, journal file or sweep name")
    private String sweep;

    @Option(names = "--format", defaultValue = "table", description = "table (default), json or csv")
    private String format;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SweepBestCommand() {
    }

    @Override
    public Integer call() {
        SweepRef ref = SweepRef.resolve(sweep);
        SweepJournal.Contents c = ref.contents();
        Optional<TrialRecord> best = ref.best(c);
        if (best.isEmpty()) {
            spec.commandLine().getErr().println("ember sweep best: no complete trial yet in " + ref.journal());
            return 1;
        }
        spec.commandLine().getOut().print(TrialTable.render(List.of(best.get()), format));
        return 0;
    }
}
