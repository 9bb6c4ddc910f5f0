package dev.ember.ml.runtime;

import dev.ember.ml.core.MlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts executor JVMs on this machine with this JVM's class path and module flags, hands them the secret
 * through the environment (never the command line), and reaps them: on close (after the driver's Shutdown, then
 * forcibly), from a shutdown hook if the program exits without closing, and each executor also exits by itself
 * when this process disappears. Their output goes to one log file each in a temporary directory.
 */
final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final List<String> PASSED_PREFIXES = List.of("--add-modules", "--add-exports", "--add-opens",
        "--enable-native-access", "-Xmx", "-Xms", "-XX:MaxDirectMemorySize", "-Dorg.bytedeco.", "-Dember.",
        "-Dorg.slf4j.", "-Djava.library.path", "-Djava.io.tmpdir", "-Daeron.", "-Dagrona.");

    /**
     * System property: when set to a port P, executor i of a local cluster serves its metrics for Prometheus on
     * loopback port P + i ({@code --metrics-port}); off unless set.
     */
    static final String EXECUTOR_METRICS_PORT_PROP = "ember.cluster.executorMetricsPort";

    private final List<Process> processes = new ArrayList<>();
    private final Path logDir;
    private final Path aeronBase;
    private final Thread hook;
    private final List<String> command = new ArrayList<>();
    private final String secretHex;
    /** The first executor's metrics port (0: none); executor i serves on it + i. */
    private final int metricsPort;

    /**
     * @param n executors
     * @param driverEndpoint where they connect
     * @param secretHex the secret, passed in their environment
     * @param threads compute threads each
     * @param cacheBytes cache budget each
     * @param config settings (extra JVM options)
     */
    LocalCluster(int n, String driverEndpoint, String secretHex, int threads, long cacheBytes, ClusterConfig config) {
        this.aeronBase = config.aeronDirBase();
        try {
            this.logDir = Files.createTempDirectory("ember-local-cluster-");
        } catch (IOException e) {
            throw new MlException("cannot create a directory for executor logs: " + e.getMessage(), e);
        }
        this.hook = new Thread(this::destroyAll, "ember-local-cluster-reaper");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        this.secretHex = secretHex;
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(config.executorJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExecutorMain.class.getName());
        command.addAll(List.of("--driver", driverEndpoint, "--threads", Integer.toString(threads), "--cache-bytes",
            Long.toString(cacheBytes), "--bind", "127.0.0.1", "--parent-pid",
            Long.toString(ProcessHandle.current().pid())));
        this.metricsPort = Integer.getInteger(EXECUTOR_METRICS_PORT_PROP, 0);
        for (int i = 0; i < n; i++) {
            try {
                startOne();
            } catch (IOException e) {
                destroyAll();
                throw new MlException("cannot start an executor JVM (" + e.getMessage() + ")", e);
            }
        }
    }

    private synchronized Process startOne() throws IOException {
        List<String> own = new ArrayList<>(command);
        if (metricsPort > 0) {
            // executor i serves its metrics on metricsPort + i (a replacement takes the next free number)
            own.addAll(List.of(MetricsOptions.PORT, Integer.toString(metricsPort + processes.size())));
        }
        ProcessBuilder pb = new ProcessBuilder(own);
        pb.environment().put(Auth.SECRET_ENV, secretHex);
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(
            logDir.resolve("executor-" + processes.size() + ".log").toFile()));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Replaces an excluded executor: gives it 10 s to exit by itself (it was told to), ends it otherwise, and
     * starts a new executor JVM, which joins like the first ones.
     *
     * @param pid the excluded executor's process id
     */
    void replace(long pid) {
        Thread t = new Thread(() -> {
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("excluded executor pid {} did not exit in 10 s; ending it", pid);
                    h.destroyForcibly();
                }
            });
            try {
                Process p = startOne();
                LOG.info("started executor pid {} in place of excluded pid {}", p.pid(), pid);
            } catch (IOException e) {
                LOG.error("cannot start an executor JVM in place of pid {}: {}", pid, e.getMessage());
            }
        }, "ember-local-cluster-replace");
        t.setDaemon(true);
        t.start();
    }

    /** The flags of this JVM that executors need too (modules, exports, memory limits, Ember settings). */
    static List<String> jvmOptions() {
        List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            for (String prefix : PASSED_PREFIXES) {
                if (a.startsWith(prefix)) {
                    out.add(a);
                    if (a.equals(prefix) && prefix.startsWith("--") && i + 1 < in.size()) {
                        out.add(in.get(++i));
                    }
                    break;
                }
            }
        }
        if (out.stream().noneMatch(a -> a.startsWith("--add-exports") && a.contains("jdk.internal.misc"))
            && !out.contains("java.base/jdk.internal.misc=ALL-UNNAMED")) {
            out.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        }
        return out;
    }

    /** @return the executor processes */
    synchronized List<Process> processes() {
        return List.copyOf(processes);
    }

    /** @return where the executors' logs are */
    Path logDir() {
        return logDir;
    }

    /** Throws if an executor exited before joining, with the end of its log. */
    synchronized void checkAlive() {
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.isAlive()) {
                throw new MlException("executor " + i + " (pid " + p.pid() + ") exited with code " + p.exitValue()
                    + " before joining; its log ends:\n" + tail(logDir.resolve("executor-" + i + ".log")));
            }
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Waits for the executors to exit (the driver has told them), then ends any that did not, and cleans up. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        destroyAll();
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs anyway
        }
        Transport.deleteQuietly(logDir);
    }

    private void destroyAll() {
        List<Process> processes = processes();
        for (Process p : processes) {
            if (p.isAlive()) {
                LOG.debug("ending executor pid {}", p.pid());
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Transport.deleteDirectoriesOf(aeronBase, p.pid());
        }
    }
}
