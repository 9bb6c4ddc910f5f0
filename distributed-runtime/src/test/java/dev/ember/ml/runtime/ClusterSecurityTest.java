package dev.ember.ml.runtime;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executors without the secret, or with a wrong one, are refused; the secret never appears in arguments. */
@IntegrationTest
@Timeout(120)
class ClusterSecurityTest {
    static ClusterRuntime cluster;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = (ClusterRuntime) Runtime.localCluster(1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Process executor(Path log, String secret) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(LocalCluster.jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ExecutorMain.class.getName(), "--driver",
            cluster.driverEndpoint(), "--threads", "1", "--cache-bytes", "64m", "--connect-timeout-ms", "20000"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove(Auth.SECRET_ENV);
        if (secret != null) {
            pb.environment().put(Auth.SECRET_ENV, secret);
        }
        Process p = pb.start();
        started.add(p);
        return p;
    }

    @Test
    void shouldRefuseAnExecutorWithTheWrongSecret() throws Exception {
        Path log = Files.createTempFile("ember-wrong-secret", ".log");
        long before = cluster.refusedExecutors();
        Process p = executor(log, "this-is-not-the-secret-of-the-driver");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the refused executor did not exit");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(ExecutorAgent.EXIT_REFUSED, p.exitValue(), out);
        assertTrue(out.contains("refused this executor"), out);
        assertEquals(before + 1, cluster.refusedExecutors());
        assertEquals(1, cluster.executorCount());
        Files.deleteIfExists(log);
    }

    @Test
    void shouldNotStartAnExecutorWithoutASecret() throws Exception {
        Path log = Files.createTempFile("ember-no-secret", ".log");
        Process p = executor(log, null);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("no secret"), out);
        Files.deleteIfExists(log);
    }

    @Test
    void shouldKeepTheSecretOutOfProcessArguments() {
        for (Process p : cluster.processes()) {
            String line = p.info().commandLine().orElse("");
            assertFalse(line.isEmpty());
            assertFalse(line.matches("(?s).*\\b[0-9a-f]{64}\\b.*"), "a 64-hex-digit argument: " + line);
            assertFalse(line.contains("secret"), line);
        }
    }
}
