package dev.ember.ml.cli;

import dev.ember.ml.pipeline.sweep.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ember sweep stop SWEEP}: asks a running sweep to start no more trials (running ones finish). */
@Command(name = "stop", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Ask a running sweep to stop after its running trials (it exits 0; running it again resumes).",
    footerHeading = "%nExamples:%n", footer = {"  ember sweep stop examples/sweeps/tpe.yaml"})
public final class SweepStopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep file, journal file or sweep name")
    private String sweep;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SweepStopCommand() {
    }

    @Override
    public Integer call() throws Exception {
        SweepRef ref = SweepRef.resolve(sweep);
        Path stop = Sweep.stopFile(ref.journal());
        if (!Files.exists(stop)) {
            Files.createFile(stop);
        }
        spec.commandLine().getOut().println("stop requested: " + stop);
        return 0;
    }
}
