package dev.ember.ml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ember models}: the MLflow model registry and the tracking spool. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Registered models: list, register, alias, download; replay runs spooled while a server was down.",
    subcommands = {ModelsListCommand.class, ModelsRegisterCommand.class, ModelsAliasCommand.class,
        ModelsDownloadCommand.class, ModelsReplayCommand.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsCommand() {
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
