package dev.ember.ml.runtime;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every message round-trips through ClusterProxy and ClusterAdapter, at a non-zero offset in a dirtied buffer. */
class ClusterCodecTest {
    private final ClusterProxy proxy = new ClusterProxy(100, 100);
    private final List<Object[]> seen = new ArrayList<>();
    private final ClusterAdapter adapter = new ClusterAdapter(new MessageHandler() {
        @Override
        public void onHello(long hi, long lo, long pid, int threads, long cache, String endpoint, String host) {
            seen.add(new Object[] {"hello", hi, lo, pid, threads, cache, endpoint, host});
        }

        @Override
        public void onChallenge(long reg, long hi, long lo) {
            seen.add(new Object[] {"challenge", reg, hi, lo});
        }

        @Override
        public void onAuthenticate(long reg, byte[] mac) {
            seen.add(new Object[] {"authenticate", reg, mac});
        }

        @Override
        public void onWelcome(long reg, int id, int hb, int timeout, int chunk, byte[] mac) {
            seen.add(new Object[] {"welcome", reg, id, hb, timeout, chunk, mac});
        }

        @Override
        public void onRefused(long reg, String reason) {
            seen.add(new Object[] {"refused", reg, reason});
        }

        @Override
        public void onHeartbeat(int id, long epoch, long max, long used, long peak, int parts, long hits, long misses,
                                long evictions) {
            seen.add(new Object[] {"heartbeat", id, epoch, max, used, peak, parts, hits, misses, evictions});
        }

        @Override
        public void onMembership(long epoch, List<Member> members) {
            seen.add(new Object[] {"membership", epoch, members});
        }

        @Override
        public void onTaskFailed(int id, long round, long attempt, int partition, String message) {
            seen.add(new Object[] {"taskFailed", id, round, attempt, partition, message});
        }

        @Override
        public void onTaskStatus(int id, long round, long attempt, int partition, boolean finished,
                                 boolean speculative, long nanos, long rows) {
            seen.add(new Object[] {"taskStatus", id, round, attempt, partition, finished, speculative, nanos, rows});
        }

        @Override
        public void onNodeFigures(int id, long round, long attempt, int partition, boolean speculative,
                                  List<dev.ember.ml.core.runtime.NodeMeters.Figures> figures) {
            seen.add(new Object[] {"nodeFigures", id, round, attempt, partition, speculative, figures});
        }

        @Override
        public void onSpeculate(long round, long attempt, int partition) {
            seen.add(new Object[] {"speculate", round, attempt, partition});
        }

        @Override
        public void onTaskOutOfMemory(int id, long round, long attempt, int partition, long rows, long bytes,
                                      long heapMax, long heapUsed, String message) {
            seen.add(new Object[] {"oom", id, round, attempt, partition, rows, bytes, heapMax, heapUsed, message});
        }

        @Override
        public void onShutdown(int id, String reason) {
            seen.add(new Object[] {"shutdown", id, reason});
        }

        @Override
        public void onPayload(int kind, boolean hasValue, long epoch, long id, long attempt, int level, int index,
                              int total, int chunkOffset, DirectBuffer buffer, int offset, int length) {
            byte[] chunk = new byte[length];
            buffer.getBytes(offset, chunk);
            seen.add(new Object[] {"payload", kind, hasValue, epoch, id, attempt, level, index, total, chunkOffset,
                chunk});
        }
    });

    /** Copies the encoded message to offset 13 of a buffer full of random bytes and decodes it there. */
    private Object[] decodeDirtied(int length) {
        byte[] dirty = new byte[length + 64];
        new Random(42).nextBytes(dirty);
        UnsafeBuffer b = new UnsafeBuffer(dirty);
        b.putBytes(13, proxy.buffer(), 0, length);
        seen.clear();
        adapter.decode(b, 13, length);
        assertEquals(1, seen.size());
        return seen.get(0);
    }

    @Test
    void shouldRoundTripRegistrationMessagesWhenDecodedAtAnOffsetInADirtyBuffer() {
        Object[] h = decodeDirtied(proxy.encodeHello(new long[] {-1L, 7L}, 4242, 3, 1L << 33, "10.0.0.2:4000",
            "node-a"));
        assertArrayEquals(new Object[] {"hello", -1L, 7L, 4242L, 3, 1L << 33, "10.0.0.2:4000", "node-a"}, h);
        Object[] c = decodeDirtied(proxy.encodeChallenge(9, new long[] {5, 6}));
        assertArrayEquals(new Object[] {"challenge", 9L, 5L, 6L}, c);
        byte[] mac = new byte[32];
        new Random(1).nextBytes(mac);
        Object[] a = decodeDirtied(proxy.encodeAuthenticate(9, mac));
        assertEquals(9L, a[1]);
        assertArrayEquals(mac, (byte[]) a[2]);
        Object[] w = decodeDirtied(proxy.encodeWelcome(9, 3, 250, 5000, 1 << 22, mac));
        assertEquals(List.of("welcome", 9L, 3, 250, 5000, 1 << 22), List.of(w).subList(0, 6));
        assertArrayEquals(mac, (byte[]) w[6]);
        Object[] r = decodeDirtied(proxy.encodeRefused(9, "wrong secret"));
        assertArrayEquals(new Object[] {"refused", 9L, "wrong secret"}, r);
    }

    @Test
    void shouldRoundTripControlMessagesWhenDecodedAtAnOffsetInADirtyBuffer() {
        Object[] hb = decodeDirtied(proxy.encodeHeartbeat(2, 5, 100, 50, 60, 4, 10, 3, 1));
        assertArrayEquals(new Object[] {"heartbeat", 2, 5L, 100L, 50L, 60L, 4, 10L, 3L, 1L}, hb);
        List<MessageHandler.Member> members = List.of(new MessageHandler.Member(1, "127.0.0.1:1"),
            new MessageHandler.Member(4, "[::1]:65000"));
        Object[] m = decodeDirtied(proxy.encodeMembership(12, members));
        assertArrayEquals(new Object[] {"membership", 12L, members}, m);
        Object[] f = decodeDirtied(proxy.encodeTaskFailed(4, 77, 2, 9, "boom: é"));
        assertArrayEquals(new Object[] {"taskFailed", 4, 77L, 2L, 9, "boom: é"}, f);
        Object[] s = decodeDirtied(proxy.encodeShutdown(4, "bye"));
        assertArrayEquals(new Object[] {"shutdown", 4, "bye"}, s);
    }

    @Test
    void shouldRoundTripSelfHealingMessagesAndRejectAnUnknownTaskState() {
        Object[] st = decodeDirtied(proxy.encodeTaskStatus(2, 77, 1, 3, true, true, 123_456_789L, 2500));
        assertArrayEquals(new Object[] {"taskStatus", 2, 77L, 1L, 3, true, true, 123_456_789L, 2500L}, st);
        Object[] started = decodeDirtied(proxy.encodeTaskStatus(2, 77, 1, 4, false, false, 0, 0));
        assertArrayEquals(new Object[] {"taskStatus", 2, 77L, 1L, 4, false, false, 0L, 0L}, started);
        var figures = List.of(new dev.ember.ml.core.runtime.NodeMeters.Figures("probe-3", 1, 569, 138_752, 9_000_000),
            new dev.ember.ml.core.runtime.NodeMeters.Figures("fused-ab12", 2, 1138, 1L << 33, 1));
        Object[] nf = decodeDirtied(proxy.encodeNodeFigures(2, 77, 1, 3, true, figures));
        assertArrayEquals(new Object[] {"nodeFigures", 2, 77L, 1L, 3, true, figures}, nf);
        Object[] sp = decodeDirtied(proxy.encodeSpeculate(77, 1, 5));
        assertArrayEquals(new Object[] {"speculate", 77L, 1L, 5}, sp);
        Object[] oom = decodeDirtied(proxy.encodeTaskOutOfMemory(1, 77, 1, 6, 2000, 48_000, 1L << 28, 1L << 27,
            "java.lang.OutOfMemoryError: Java heap space"));
        assertArrayEquals(new Object[] {"oom", 1, 77L, 1L, 6, 2000L, 48_000L, 1L << 28, 1L << 27,
            "java.lang.OutOfMemoryError: Java heap space"}, oom);
        int n = proxy.encodeTaskStatus(2, 77, 1, 3, true, false, 1, 1);
        // the state byte follows executorId (4), roundId (8), attempt (8) and partition (4) after the 8-byte header
        proxy.buffer().putByte(8 + 24, (byte) 9);
        UnsafeBuffer b = new UnsafeBuffer(new byte[n]);
        b.putBytes(0, proxy.buffer(), 0, n);
        org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class, () -> adapter.decode(b, 0, n));
    }

    @Test
    void shouldRoundTripAPayloadChunkWhenDecodedAtAnOffsetInADirtyBuffer() {
        byte[] chunk = {1, 2, 3, 4, 5};
        int h = proxy.encodePayloadHeader(4, true, 3, 99, 1, 2, 7, 1000, 500, chunk.length);
        proxy.buffer().putBytes(h, chunk);
        Object[] p = decodeDirtied(h + chunk.length);
        assertEquals(List.of("payload", 4, true, 3L, 99L, 1L, 2, 7, 1000, 500), List.of(p).subList(0, 10));
        assertArrayEquals(chunk, (byte[]) p[10]);
    }

    @Test
    void shouldRoundTripTasksAndBroadcastValues() {
        TaskSpec t = new TaskSpec(5, 2, 7, 3, 2, 4, new long[] {1, 2}, new long[] {9}, "a.b.Kernel",
            new byte[] {1, 2, 3}, new int[] {1, 1, 2, 2}, List.of("parquet-1", "map-4"));
        TaskSpec d = TaskSpec.decode(t.encode());
        assertEquals(List.of(5L, 2L, 7L, 3L, 2, 4, "a.b.Kernel", List.of("parquet-1", "map-4")),
            List.of(d.roundId(), d.attempt(), d.epoch(), d.planId(), d.depth(), d.numPartitions(), d.kernelClass(),
                d.unpersisted()));
        assertArrayEquals(t.broadcasts(), d.broadcasts());
        assertArrayEquals(t.released(), d.released());
        assertArrayEquals(t.params(), d.params());
        assertArrayEquals(t.owners(), d.owners());
        TaskSpec.BroadcastValue b = new TaskSpec.BroadcastValue(8, "codec", new byte[] {9, 8, 7});
        TaskSpec.BroadcastValue bd = TaskSpec.BroadcastValue.decode(b.encode());
        assertEquals(8, bd.broadcastId());
        assertEquals("codec", bd.codec());
        assertArrayEquals(b.value(), bd.value());
        assertTrue(TaskSpec.decode(new TaskSpec(1, 0, 1, 1, 1, 1, new long[0], new long[0], "k", new byte[0],
            new int[] {1}, List.of()).encode()).unpersisted().isEmpty());
    }
}
