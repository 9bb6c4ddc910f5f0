package dev.ember.ml.cli;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that run work offer an opt-in metrics endpoint on loopback. */
class MetricsOptionsTest {

    @Test
    void shouldOfferTheMetricsEndpointOnTheCommandsThatRunWork() {
        for (String[] command : new String[][] {{"train", "--help"}, {"sweep", "--help"},
            {"features", "schedule", "--help"}, {"executor", "--help"}}) {
            Cli c = Cli.run(command);
            assertEquals(0, c.code(), c.toString());
            assertTrue(c.out().contains("--metrics-port=PORT") && c.out().contains("--metrics-host=HOST")
                && c.out().contains("127.0.0.1"), String.join(" ", command) + ":\n" + c.out());
        }
    }

    @Test
    void shouldFailClearlyWhenTheMetricsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli c = Cli.run("executor", "--driver", "127.0.0.1:1", "--metrics-port",
                Integer.toString(taken.getLocalPort()));
            assertNotEquals(0, c.code(), c.toString());
            assertTrue(c.toString().contains("metrics endpoint: cannot bind 127.0.0.1:" + taken.getLocalPort()),
                c.toString());
        }
    }
}
