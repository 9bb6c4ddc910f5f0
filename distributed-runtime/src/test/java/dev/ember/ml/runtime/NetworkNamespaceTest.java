package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver and two executors in three Linux network namespaces, joined by veth pairs on a bridge in the
 * driver's namespace (10.77.0.0/24, addresses that exist only inside these namespaces), so that every message
 * crosses a real network interface with a 1500-byte MTU. Mid-fit, one executor's link is cut: the fit finishes on
 * the other with the in-process model. Needs root (ip netns); skipped with a message otherwise. The namespaces,
 * links and processes are removed afterwards.
 */
@SlowTest
@Timeout(300)
class NetworkNamespaceTest {
    private static final String SUFFIX = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private static final String DRIVER_NS = "ember-d-" + SUFFIX;
    private static final String[] EXECUTOR_NS = {"ember-e1-" + SUFFIX, "ember-e2-" + SUFFIX};
    private static final String BRIDGE = "ebr-" + SUFFIX;
    private static final int PORT = 17077;
    private static final List<Process> processes = new ArrayList<>();
    private static boolean created;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void createNamespaces() throws Exception {
        ClusterTestData.deterministicKernels();
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "skipped: creating network namespaces (ip netns) needs root, and this test runs as "
                + System.getProperty("user.name"));
        Assumptions.assumeTrue(run("ip", "netns", "add", DRIVER_NS) == 0,
            "skipped: 'ip netns add' failed here (no network namespace support)");
        created = true;
        for (String ns : EXECUTOR_NS) {
            check("ip", "netns", "add", ns);
        }
        check("ip", "-n", DRIVER_NS, "link", "set", "lo", "up");
        check("ip", "-n", DRIVER_NS, "link", "add", BRIDGE, "type", "bridge");
        check("ip", "-n", DRIVER_NS, "addr", "add", "10.77.0.1/24", "dev", BRIDGE);
        check("ip", "-n", DRIVER_NS, "link", "set", BRIDGE, "up");
        for (int i = 0; i < EXECUTOR_NS.length; i++) {
            String a = "eva" + i + "-" + SUFFIX;
            String b = "evb" + i + "-" + SUFFIX;
            check("ip", "link", "add", a, "type", "veth", "peer", "name", b);
            check("ip", "link", "set", a, "netns", DRIVER_NS);
            check("ip", "link", "set", b, "netns", EXECUTOR_NS[i]);
            check("ip", "-n", DRIVER_NS, "link", "set", a, "master", BRIDGE);
            check("ip", "-n", DRIVER_NS, "link", "set", a, "up");
            check("ip", "-n", EXECUTOR_NS[i], "addr", "add", "10.77.0." + (i + 2) + "/24", "dev", b);
            check("ip", "-n", EXECUTOR_NS[i], "link", "set", b, "up");
            check("ip", "-n", EXECUTOR_NS[i], "link", "set", "lo", "up");
        }
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Transport.deleteDirectoriesOf(new ClusterConfig().conclude().aeronDirBase(), p.pid());
        }
        if (created) {
            run("ip", "netns", "del", DRIVER_NS);
            for (String ns : EXECUTOR_NS) {
                run("ip", "netns", "del", ns);
            }
        }
    }

    @Test
    void shouldFitAcrossNamespacesAndSurviveACutLink() throws Exception {
        Path file = ClusterTestData.writeLogistic(tmp.resolve("lr.parquet"), 40_000, 10, 2_500, 11);
        LogisticRegressionModel reference;
        try (Runtime local = Runtime.inProcess()) {
            reference = ExecutorFailureTest.lr().fit(ClusterTestData.read(local, file).cache());
        }
        String secret = Auth.randomSecretHex();
        Path out = tmp.resolve("coefficients.txt");
        Process driver = java(DRIVER_NS, secret, tmp.resolve("driver.log"), NetnsDriverMain.class.getName(),
            file.toString(), out.toString(), Integer.toString(PORT));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        for (int i = 0; i < EXECUTOR_NS.length; i++) {
            java(EXECUTOR_NS[i], secret, tmp.resolve("executor-" + i + ".log"), ExecutorMain.class.getName(),
                "--driver", "10.77.0.1:" + PORT, "--threads", "1", "--cache-bytes", "256m");
        }
        assertTrue(await(lines, "READY", 90).startsWith("READY 2"), "driver did not see both executors");
        await(lines, "ROUNDS 6", 120);
        check("ip", "-n", DRIVER_NS, "link", "set", "eva1-" + SUFFIX, "down");
        String done = await(lines, "DONE", 180);
        assertTrue(done.contains("executors=1"), "the cut executor was not declared lost: " + done);
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
        List<String> coef = Files.readAllLines(out);
        double[] a = reference.coefficients();
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], Double.parseDouble(coef.get(j)), 1e-9 * Math.max(1, Math.abs(a[j])), "coef " + j);
        }
        assertEquals(reference.intercept(), Double.parseDouble(coef.get(a.length)),
            1e-9 * Math.max(1, Math.abs(reference.intercept())));
        long toDriver = Long.parseLong(output("ip", "netns", "exec", DRIVER_NS, "cat",
            "/sys/class/net/" + BRIDGE + "/statistics/rx_bytes").trim());
        long executor0 = Long.parseLong(output("ip", "netns", "exec", EXECUTOR_NS[0], "cat",
            "/sys/class/net/evb0-" + SUFFIX + "/statistics/tx_bytes").trim());
        assertTrue(toDriver > 10_000 && executor0 > 10_000, "too little traffic on the links: " + toDriver
            + " bytes to the driver, " + executor0 + " sent by executor 0");
    }

    private static String await(BlockingQueue<String> lines, String prefix, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
            if (l != null && l.startsWith("EOF")) {
                break;
            }
        }
        assertNotNull(null, "no '" + prefix + "' line from the driver within " + seconds + " s; see logs in " + tmp);
        return "";
    }

    private static Process java(String ns, String secret, Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(LocalCluster.jvmOptions());
        cmd.add("-Dember.vector.disable=true");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        if (!main.equals(NetnsDriverMain.class.getName())) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        pb.environment().put(Auth.SECRET_ENV, secret);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static void check(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
