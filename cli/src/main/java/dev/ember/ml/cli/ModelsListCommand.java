package dev.ember.ml.cli;

import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.RegisteredModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ember models list [NAME] [--filter F]}: registered models, or the versions of one. */
@Command(name = "list", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_TRACKING_LINE,
        ExitCodes.UNAVAILABLE_LINE},
    description = "List registered models, or with NAME (or --filter) their versions.")
public final class ModelsListCommand implements Callable<Integer> {
    @Mixin
    private TrackingOptions tracking;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "a registered model")
    private String name;

    @Option(names = "--filter", paramLabel = "FILTER",
        description = "an MLflow version filter, such as \"run_id = '...'\" or \"tags.team = 'ml'\"")
    private String filter;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsListCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelRegistry registry = ModelRegistry.forTrackingUri(tracking.uri());
        if (name == null && filter == null) {
            List<RegisteredModel> models = registry.listModels();
            out.printf("%-32s %-8s %s%n", "NAME", "LATEST", "ALIASES");
            for (RegisteredModel m : models) {
                out.printf("%-32s %-8s %s%n", m.name(), m.latestVersion() == 0 ? "-" : m.latestVersion(),
                    format(m.aliases()));
            }
            return 0;
        }
        String f = filter;
        if (name != null) {
            registry.model(name);
            String byName = "name = '" + name.replace("'", "\\'") + "'";
            f = f == null ? byName : byName + " AND " + f;
        }
        List<ModelVersion> versions = registry.searchVersions(f);
        out.printf("%-24s %-8s %-34s %-18s %s%n", "NAME", "VERSION", "RUN", "ALIASES", "SOURCE");
        for (ModelVersion v : versions) {
            out.printf("%-24s %-8d %-34s %-18s %s%n", v.name(), v.version(), v.runId() == null ? "-" : v.runId(),
                v.aliases().isEmpty() ? "-" : String.join(",", v.aliases()), v.source());
        }
        return 0;
    }

    private static String format(Map<String, Long> aliases) {
        return aliases.isEmpty() ? "-" : aliases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    }
}
