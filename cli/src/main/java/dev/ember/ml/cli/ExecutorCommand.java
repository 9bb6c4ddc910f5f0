package dev.ember.ml.cli;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.observe.MetricsServer;
import dev.ember.ml.runtime.ExecutorMain;
import dev.ember.ml.runtime.ExecutorOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ember executor}: runs one executor of a cluster runtime until its driver ends it or goes away. The
 * shared secret comes from {@code --secret-file} or the {@code EMBER_SECRET} environment variable, never from
 * the command line.
 */
@Command(name = "executor", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        "0:ended by the driver, or the driver went away",
        "1:failed",
        "2:bad options or no secret",
        "3:refused by the driver (wrong secret)",
        "4:no driver answered within --connect-timeout-ms"},
    description = {"Runs an executor that joins the driver at --driver and computes its partitions.",
        "The secret is read from --secret-file or the EMBER_SECRET environment variable."})
public final class ExecutorCommand implements Callable<Integer> {

    @Mixin
    private MetricsOptions metrics = new MetricsOptions();

    @Option(names = "--driver", required = true, paramLabel = "HOST:PORT",
        description = "the driver's address, as given to Runtime.create(\"ember://HOST:PORT\")")
    String driver;

    @Option(names = "--secret-file", paramLabel = "PATH",
        description = "file holding the shared secret (default: the EMBER_SECRET environment variable)")
    Path secretFile;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
        description = "compute threads (default: one per core)")
    int threads;

    @Option(names = "--cache-bytes", paramLabel = "B", defaultValue = "0",
        description = "off-heap partition cache budget, e.g. 8g (default: half the memory)")
    String cacheBytes;

    @Option(names = "--bind", paramLabel = "HOST[:PORT]",
        description = "address to receive on (default: the local address that reaches the driver, any port)")
    String bind;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "60000",
        description = "how long to wait for the driver to answer (default: ${DEFAULT-VALUE})")
    long connectTimeoutMs;

    @Override
    public Integer call() {
        try (MetricsServer server = metrics.start()) {
            return runExecutor();
        }
    }

    private Integer runExecutor() {
        ExecutorOptions options;
        try {
            options = ExecutorOptions.of(driver, secretFile, threads,
                dev.ember.ml.core.runtime.RuntimeConfig.parseBytes("--cache-bytes", cacheBytes), bind,
                connectTimeoutMs, 0);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            System.err.println("ember executor: " + e.getMessage());
            return 2;
        }
        return ExecutorMain.run(options);
    }
}
