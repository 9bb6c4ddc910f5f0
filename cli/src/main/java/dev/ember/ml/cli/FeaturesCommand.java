package dev.ember.ml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ember features}: feature definitions, materialization jobs and their scheduler. */
@Command(name = "features", mixinStandardHelpOptions = true,
    description = "Feature store: plan and apply features.yaml, materialize views, run the scheduler, show status.",
    subcommands = {FeaturesPlanCommand.class, FeaturesApplyCommand.class, FeaturesMaterializeCommand.class,
        FeaturesMaterializeIncrementalCommand.class, FeaturesScheduleCommand.class, FeaturesStatusCommand.class})
public final class FeaturesCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesCommand() {
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
