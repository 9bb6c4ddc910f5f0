package dev.ember.ml.bench.linear;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryReadTest {

    @Test
    void shouldReadTheWholeBlockWhenRowsDoNotSplitEvenly() {
        // 1,003 x 7 floats: neither thread's share nor the total is a multiple of the vector length
        try (MemoryRead read = new MemoryRead(1_003, 7, 2)) {
            double seconds = read.readOnce();
            assertTrue(seconds > 0);
            assertTrue(read.bytes() == 1_003L * 7 * Float.BYTES);
        }
    }
}
