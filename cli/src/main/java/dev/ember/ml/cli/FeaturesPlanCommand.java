package dev.ember.ml.cli;

import dev.ember.ml.features.registry.Plan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ember features plan}: the diff from the registry to features.yaml, as {@code terraform plan}. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        "1:the plan has errors, or it failed",
        ExitCodes.USAGE_LINE},
    description = "Show what apply would change in the registry (+ create, ~ update, - delete, +v new version).")
public final class FeaturesPlanCommand implements Callable<Integer> {
    @Mixin
    private FeaturesOptions options;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesPlanCommand() {
    }

    @Override
    public Integer call() {
        Plan plan = options.registry().plan(options.declared());
        spec.commandLine().getOut().print(plan.render());
        return plan.hasErrors() ? Ember.ERROR : 0;
    }
}
