package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor started by hand says, at INFO, that it waits for its driver, that it joined, that it runs, and
 * that it exits: a few lines for a whole fit, not one per round or message.
 */
@IntegrationTest
@Timeout(120)
class ExecutorLifecycleLogTest {
    private static final Pattern EXIT = Pattern.compile("executor (\\d+) exiting after (\\d+) rounds: the driver asked");

    @TempDir
    Path tmp;

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldLogWaitingJoiningRunningAndExitingInAFewLinesForAFitOfManyRounds() throws Exception {
        ClusterTestData.deterministicKernels();
        Path data = ClusterTestData.writeLogistic(tmp.resolve("lr.parquet"), 4_000, 6, 1_000, 11);
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, Auth.randomSecretHex());
        int port = freePort();
        Path log = tmp.resolve("executor.log");

        // the executor first, as on a cluster started by hand: it waits for a driver that is not there yet
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(LocalCluster.jvmOptions());
        cmd.addAll(List.of("-Dember.vector.disable=true",
            "-Dorg.slf4j.simpleLogger.log.dev.ember.ml.runtime.ExecutorAgent=info",
            "-cp", System.getProperty("java.class.path"), ExecutorMain.class.getName(),
            "--driver", "127.0.0.1:" + port, "--secret-file", secret.toString(), "--threads", "1",
            "--cache-bytes", "64m", "--bind", "127.0.0.1", "--connect-timeout-ms", "60000"));
        Process executor = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rounds;
        try {
            LogisticRegressionModel model;
            try (ClusterRuntime cluster = ClusterRuntime.listen("127.0.0.1", port,
                new ClusterConfig().secretFile(secret).minExecutors(1).executorWaitMs(60_000))) {
                model = new LogisticRegression().regParam(0.01).maxIter(15).tol(0)
                    .fit(ClusterTestData.read(cluster, data).cache());
            }
            rounds = model.summary().iterations();
            assertTrue(executor.waitFor(30, TimeUnit.SECONDS), "the executor did not exit after the driver closed");
            assertEquals(0, executor.exitValue());
        } finally {
            executor.destroyForcibly();
        }

        String out = Files.readString(log, StandardCharsets.UTF_8);
        List<String> info = out.lines().filter(l -> l.contains(" INFO ")).toList();
        assertTrue(out.contains("executor waiting for the driver at 127.0.0.1:" + port), out);
        Matcher exit = EXIT.matcher(out);
        assertTrue(exit.find(), out);
        String id = exit.group(1);
        assertTrue(out.contains("executor " + id + " joined the driver at 127.0.0.1:" + port), out);
        assertTrue(out.contains("executor " + id + " running: first round"), out);
        long ran = Long.parseLong(exit.group(2));
        assertTrue(ran > rounds / 2 && ran >= 5, "rounds run " + ran + ", fit iterations " + rounds);
        assertTrue(info.size() <= 5, "INFO lines for " + ran + " rounds:\n" + String.join("\n", info));
    }
}
