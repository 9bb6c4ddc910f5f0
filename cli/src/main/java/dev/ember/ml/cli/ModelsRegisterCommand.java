package dev.ember.ml.cli;

import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ember models register MODEL_URI --name NAME [--alias A]... [--tag K=V]...}. */
@Command(name = "register", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_TRACKING_LINE,
        ExitCodes.UNAVAILABLE_LINE},
    description = "Register a logged model (runs:/<run-id>/model) as a new version of NAME.")
public final class ModelsRegisterCommand implements Callable<Integer> {
    @Mixin
    private TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "MODEL_URI", description = "runs:/<run-id>/<path> (or an artifact location)")
    private String modelUri;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the registered model")
    private String name;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "point this alias at the new version (repeatable)")
    private List<String> aliases = List.of();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "a tag of the new version (repeatable)")
    private Map<String, String> tags = new LinkedHashMap<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsRegisterCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelRegistry registry = ModelRegistry.forTrackingUri(tracking.uri());
        ModelVersion v = registry.register(name, modelUri, tags);
        out.printf("registered %s version %d from %s%n", v.name(), v.version(), v.source());
        for (String a : aliases) {
            registry.setAlias(name, a, v.version());
            out.printf("alias %s@%s -> %d%n", name, a, v.version());
        }
        return 0;
    }
}
