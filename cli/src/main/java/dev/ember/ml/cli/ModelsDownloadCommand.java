package dev.ember.ml.cli;

import dev.ember.ml.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ember models download MODEL_URI [-o DIR]}: copy an MLflow model directory locally. */
@Command(name = "download", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_TRACKING_LINE,
        ExitCodes.UNAVAILABLE_LINE},
    description = "Download a model (runs:/..., models:/<name>/<version>, models:/<name>@<alias>) to a directory.")
public final class ModelsDownloadCommand implements Callable<Integer> {
    @Mixin
    private TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "MODEL_URI", description = "the model")
    private String modelUri;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "model",
        description = "a directory that does not exist or is empty (default: ${DEFAULT-VALUE})")
    private Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsDownloadCommand() {
    }

    @Override
    public Integer call() {
        Path dir = ModelRegistry.forTrackingUri(tracking.uri()).download(modelUri, output);
        spec.commandLine().getOut().printf("downloaded %s to %s%n", modelUri, dir.toAbsolutePath());
        return 0;
    }
}
