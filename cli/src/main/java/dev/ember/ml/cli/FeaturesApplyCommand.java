package dev.ember.ml.cli;

import dev.ember.ml.features.registry.Plan;
import dev.ember.ml.features.registry.RegistryState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ember features apply}: commit features.yaml to the registry (one compare-and-swap transaction). */
@Command(name = "apply", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Apply features.yaml to the registry as one transaction; fails if another apply committed first.")
public final class FeaturesApplyCommand implements Callable<Integer> {
    @Mixin
    private FeaturesOptions options;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesApplyCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = options.registry().plan(options.declared());
        out.print(plan.render());
        if (plan.hasErrors()) {
            return Ember.ERROR;
        }
        if (plan.isEmpty()) {
            return 0;
        }
        RegistryState s = options.registry().apply(plan);
        out.println("Applied: registry version " + s.version() + ".");
        return 0;
    }
}
