package dev.ember.ml.cli;

import dev.ember.ml.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ember models alias NAME ALIAS VERSION} (set or move) or {@code ember models alias NAME ALIAS --delete}. */
@Command(name = "alias", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_TRACKING_LINE,
        ExitCodes.UNAVAILABLE_LINE},
    description = "Point ALIAS of NAME at VERSION (moving it if it pointed elsewhere), or delete it.")
public final class ModelsAliasCommand implements Callable<Integer> {
    @Mixin
    private TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "NAME", description = "the registered model")
    private String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "the alias, such as champion")
    private String alias;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "the version number")
    private Long version;

    @Option(names = "--delete", description = "delete the alias")
    private boolean delete;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsAliasCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (delete == (version != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "give either VERSION (to set the alias) or --delete, not " + (delete ? "both" : "neither"));
        }
        ModelRegistry registry = ModelRegistry.forTrackingUri(tracking.uri());
        if (delete) {
            registry.deleteAlias(name, alias);
            out.printf("deleted alias %s@%s%n", name, alias);
        } else {
            registry.setAlias(name, alias, version);
            out.printf("alias %s@%s -> %d%n", name, alias, version);
        }
        return 0;
    }
}
