package dev.ember.ml.cli;

import dev.ember.ml.cli.sweep.TrialTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ember sweep trials SWEEP}: every trial with its state, value and params. */
@Command(name = "trials", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "List a sweep's trials.",
    footerHeading = "%nExamples:%n", footer = {"  ember sweep trials tpe --format csv > trials.csv"})
public final class SweepTrialsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep file, journal file or sweep name")
    private String sweep;

    @Option(names = "--format", defaultValue = "table", description = "table (default), json or csv")
    private String format;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SweepTrialsCommand() {
    }

    @Override
    public Integer call() {
        SweepRef ref = SweepRef.resolve(sweep);
        spec.commandLine().getOut().print(TrialTable.render(ref.trials(ref.contents()), format));
        return 0;
    }
}
