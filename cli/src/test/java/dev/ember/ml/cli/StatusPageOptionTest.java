package dev.ember.ml.cli;

import dev.ember.ml.core.status.StatusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --status-port}: the long-running commands serve the page on loopback while they run. */
class StatusPageOptionTest {
    @TempDir
    Path tmp;

    @Test
    void shouldServeTheStatusPageDuringASweepWhenAsked() {
        for (String command : new String[] {"sweep", "train"}) {
            Cli help = Cli.run(command, "--help");
            assertTrue(help.out().contains("--status-port"), help.toString());
        }
        Cli help = Cli.run("features", "schedule", "--help");
        assertTrue(help.out().contains("--status-port"), help.toString());
        Cli c = Cli.run("sweep", SweepCommandTest.EXAMPLES.resolve("grid.yaml").toString(), "--journal",
            tmp.resolve("grid.journal").toString(), "--no-tracking", "--status-port", "0");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.err().contains("status page at http://127.0.0.1:"), c.err());
        assertFalse(StatusRegistry.enabled(), "the page outlived the command");
    }
}
