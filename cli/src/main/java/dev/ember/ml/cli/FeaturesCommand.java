package dev.ember.ml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ember features}: feature definitions, materialization jobs and their scheduler. */
@Command(name = "features", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        "0:help or version shown",
        "2:no subcommand given (the usage is printed to standard error)"},
    description = "Feature store: plan and apply features.yaml, materialize views, run the scheduler, show status.",
    subcommands = {FeaturesPlanCommand.class, FeaturesApplyCommand.class, FeaturesMaterializeCommand.class,
        FeaturesMaterializeIncrementalCommand.class, FeaturesScheduleCommand.class, FeaturesStatusCommand.class})
public final class FeaturesCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesCommand() {
    }

    /**
     * Without a subcommand: says one is needed and prints the usage to standard error, exit code
     * {@value ExitCodes#USAGE}.
     */
    @Override
    public void run() {
        throw Ember.missingSubcommand(spec);
    }
}
