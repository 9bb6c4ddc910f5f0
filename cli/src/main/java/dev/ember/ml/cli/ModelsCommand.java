package dev.ember.ml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ember models}: the MLflow model registry and the tracking spool. */
@Command(name = "models", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        "0:help or version shown",
        "2:no subcommand given (the usage is printed to standard error)"},
    description = "Registered models: list, register, alias, download; replay runs spooled while a server was down.",
    subcommands = {ModelsListCommand.class, ModelsRegisterCommand.class, ModelsAliasCommand.class,
        ModelsDownloadCommand.class, ModelsReplayCommand.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ModelsCommand() {
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
