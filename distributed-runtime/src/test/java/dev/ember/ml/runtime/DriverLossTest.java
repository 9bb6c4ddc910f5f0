package dev.ember.ml.runtime;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executors whose driver goes away without a word exit by themselves, cleanly, and free their files. */
@IntegrationTest
@Timeout(90)
class DriverLossTest {

    @Test
    void shouldExitExecutorsWhenTheDriverGoesSilent() throws Exception {
        ClusterRuntime cluster = (ClusterRuntime) Runtime.localCluster(2);
        List<Process> ps = cluster.processes();
        try {
            cluster.abandon();
            long start = System.nanoTime();
            for (Process p : ps) {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "executor " + p.pid() + " still running");
                assertEquals(0, p.exitValue(), "executor " + p.pid() + " exit code");
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds <= 10, "executors took " + seconds + " s to notice");
            for (Process p : ps) {
                assertTrue(aeronDirs(p.pid()).isEmpty(), "Aeron files left by " + p.pid());
            }
        } finally {
            cluster.close();
        }
    }

    static List<Path> aeronDirs(long pid) throws IOException {
        Path base = new ClusterConfig().conclude().aeronDirBase();
        try (Stream<Path> s = Files.list(base)) {
            return s.filter(p -> p.getFileName().toString().matches("ember-executor-" + pid + "-.*")).toList();
        }
    }
}
