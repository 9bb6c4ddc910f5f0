package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.observe.TraceContext;
import dev.ember.ml.core.observe.TraceScope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fit's ids travel to executors inside the Task message; executors' metrics options. */
class TraceOnTheWireTest {

    @Test
    void shouldCarryTheFitIdsInTheTaskMessage() {
        TraceContext trace = new TraceContext("00112233aabbccdd", TraceScope.newTraceId(), "LogisticRegression", 12);
        TaskSpec t = new TaskSpec(5, 0, 1, 3, 2, 2, new long[0], new long[0], "a.b.Kernel", new byte[] {1},
            new int[] {1, 2}, List.of(), trace);
        assertEquals(trace, TaskSpec.decode(t.encode()).trace());
        assertEquals(TraceContext.NONE, TaskSpec.decode(new TaskSpec(5, 0, 1, 3, 2, 2, new long[0], new long[0],
            "k", new byte[0], new int[] {1, 2}, List.of()).encode()).trace());
    }

    @Test
    void shouldRejectAMalformedTraceAsAProtocolError() {
        TraceContext trace = new TraceContext("00112233aabbccdd", "", "Stage", 1);
        byte[] bytes = new TaskSpec(5, 0, 1, 3, 2, 1, new long[0], new long[0], "k", new byte[0], new int[] {1},
            List.of(), trace).encode();
        byte[] stage = "Stage".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, stage);
        bytes[at] = ' ';
        ProtocolException e = assertThrows(ProtocolException.class, () -> TaskSpec.decode(bytes));
        assertTrue(e.getMessage().contains("Task.trace context"), e.getMessage());
    }

    @Test
    void shouldTakeTheMetricsOptionsOutOfAnExecutorCommandLine() {
        MetricsOptions m = MetricsOptions.extract(new String[] {"--driver", "h:1", "--metrics-port", "9464",
            "--threads", "2", "--metrics-host", "0.0.0.0"});
        assertEquals(9464, m.port());
        assertEquals("0.0.0.0", m.host());
        assertArrayEquals(new String[] {"--driver", "h:1", "--threads", "2"}, m.rest());
        assertEquals(-1, MetricsOptions.extract(new String[] {"--driver", "h:1"}).port());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> MetricsOptions.extract(new String[] {"--metrics-port", "x"}));
        assertTrue(e.getMessage().contains("--metrics-port: found 'x'"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> MetricsOptions.extract(new String[] {"--metrics-port"}));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            boolean ok = true;
            for (int j = 0; j < needle.length && ok; j++) {
                ok = hay[i + j] == needle[j];
            }
            if (ok) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
