package dev.ember.ml.runtime;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reassembly of values sent in chunks. */
class ChunkAssemblerTest {
    private static final ChunkAssembler.Key A = new ChunkAssembler.Key(4, 1, 10, 0, 0, 3);
    private static final ChunkAssembler.Key B = new ChunkAssembler.Key(4, 1, 10, 0, 0, 4);

    private static byte[] value(int n) {
        byte[] v = new byte[n];
        new Random(n).nextBytes(v);
        return v;
    }

    @Test
    void shouldReassembleInterleavedTransfersInChunks() {
        ChunkAssembler c = new ChunkAssembler(1 << 20, 16);
        byte[] a = value(1000);
        byte[] b = value(777);
        UnsafeBuffer ab = new UnsafeBuffer(a);
        UnsafeBuffer bb = new UnsafeBuffer(b);
        byte[] doneA = null;
        byte[] doneB = null;
        for (int off = 0; off < 1000; off += 100) {
            doneA = c.onChunk(A, 1000, off, ab, off, 100);
            if (off < 777) {
                doneB = c.onChunk(B, 777, off, bb, off, Math.min(100, 777 - off));
            }
        }
        assertArrayEquals(a, doneA);
        assertArrayEquals(b, doneB);
        assertEquals(0, c.inProgress());
    }

    @Test
    void shouldRestartATransferAtOffsetZeroAndDropOneWithAGap() {
        ChunkAssembler c = new ChunkAssembler(1 << 20, 16);
        byte[] a = value(300);
        UnsafeBuffer ab = new UnsafeBuffer(a);
        assertNull(c.onChunk(A, 300, 0, ab, 0, 100));
        assertNull(c.onChunk(A, 300, 0, ab, 0, 100));
        assertNull(c.onChunk(A, 300, 200, ab, 200, 100));
        assertEquals(1, c.dropped());
        assertEquals(0, c.inProgress());
        assertNull(c.onChunk(A, 300, 0, ab, 0, 150));
        assertArrayEquals(a, c.onChunk(A, 300, 150, ab, 150, 150));
    }

    @Test
    void shouldRefuseImpossibleLengths() {
        ChunkAssembler c = new ChunkAssembler(1000, 1);
        UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        assertThrows(ProtocolException.class, () -> c.onChunk(A, 1001, 0, b, 0, 10));
        assertThrows(ProtocolException.class, () -> c.onChunk(A, -1, 0, b, 0, 10));
        assertThrows(ProtocolException.class, () -> c.onChunk(A, 100, 95, b, 0, 10));
        assertNull(c.onChunk(A, 100, 0, b, 0, 10));
        assertThrows(ProtocolException.class, () -> c.onChunk(B, 100, 0, b, 0, 10));
        assertArrayEquals(new byte[0], c.onChunk(B, 0, 0, b, 0, 0));
    }
}
