package dev.ember.ml.cli;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.schedule.ViewStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ember features status}: per view the last success, freshness, success rate and p95 duration. */
@Command(name = "status", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Per view: last success, freshness (now - watermark), success rate and p95 duration of the last"
        + " 100 runs, and the last failure.")
public final class FeaturesStatusCommand implements Callable<Integer> {
    @Mixin
    private FeaturesOptions options;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesStatusCommand() {
    }

    @Override
    public Integer call() throws Exception {
        try (Runtime rt = Runtime.create(options.master)) {
            spec.commandLine().getOut().print(ViewStatus.render(ViewStatus.of(options.materializer(rt))));
        }
        return 0;
    }
}
