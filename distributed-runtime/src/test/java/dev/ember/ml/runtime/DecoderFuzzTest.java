package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.testkit.Seeds;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random, truncated and mutated bytes fed to every decoder: each either decodes or fails with a clear
 * {@link ProtocolException} (InvalidArgumentException for the JSON lineage); nothing else escapes, nothing
 * allocates what a length field claims without checking it against the bytes.
 */
@Timeout(120)
class DecoderFuzzTest {
    private static final int ROUNDS = 20_000;

    private final ClusterAdapter adapter = new ClusterAdapter(new MessageHandler() {
        @Override
        public void onHello(long hi, long lo, long pid, int threads, long cache, String endpoint, String host) {
        }

        @Override
        public void onChallenge(long reg, long hi, long lo) {
        }

        @Override
        public void onAuthenticate(long reg, byte[] mac) {
        }

        @Override
        public void onWelcome(long reg, int id, int hb, int timeout, int chunk, byte[] mac) {
        }

        @Override
        public void onRefused(long reg, String reason) {
        }

        @Override
        public void onHeartbeat(int id, long epoch, long max, long used, long peak, int parts, long hits,
                                long misses, long evictions) {
        }

        @Override
        public void onMembership(long epoch, List<Member> members) {
        }

        @Override
        public void onTaskFailed(int id, long round, long attempt, int partition, String message) {
        }

        @Override
        public void onShutdown(int id, String reason) {
        }

        @Override
        public void onPayload(int kind, boolean hasValue, long epoch, long id, long attempt, int level, int index,
                              int total, int chunkOffset, org.agrona.DirectBuffer buffer, int offset, int length) {
        }
    });

    private static List<byte[]> validMessages() {
        ClusterProxy p = new ClusterProxy(100, 100);
        List<byte[]> out = new ArrayList<>();
        byte[] mac = new byte[32];
        out.add(copy(p, p.encodeHello(new long[] {1, 2}, 3, 4, 5, "127.0.0.1:9", "host")));
        out.add(copy(p, p.encodeChallenge(1, new long[] {2, 3})));
        out.add(copy(p, p.encodeAuthenticate(1, mac)));
        out.add(copy(p, p.encodeWelcome(1, 2, 3, 4, 5000, mac)));
        out.add(copy(p, p.encodeRefused(1, "no")));
        out.add(copy(p, p.encodeHeartbeat(1, 2, 3, 4, 5, 6, 7, 8, 9)));
        out.add(copy(p, p.encodeMembership(3, List.of(new MessageHandler.Member(1, "a:1"),
            new MessageHandler.Member(2, "b:2")))));
        out.add(copy(p, p.encodeTaskFailed(1, 2, 3, 4, "bad")));
        out.add(copy(p, p.encodeShutdown(1, "bye")));
        int h = p.encodePayloadHeader(4, true, 1, 2, 3, 4, 5, 100, 0, 3);
        p.buffer().putBytes(h, new byte[] {1, 2, 3});
        out.add(copy(p, h + 3));
        return out;
    }

    private static byte[] copy(ClusterProxy p, int length) {
        byte[] b = new byte[length];
        p.buffer().getBytes(0, b);
        return b;
    }

    private void decode(byte[] b) {
        try {
            adapter.decode(new UnsafeBuffer(b), 0, b.length);
        } catch (ProtocolException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }

    @Test
    void shouldRejectRandomBytesWithAClearError() {
        Random rnd = new Random(Seeds.announce("DecoderFuzzTest.random", 20261124L));
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (b.length >= 8 && rnd.nextBoolean()) {
                new UnsafeBuffer(b).putShort(4, (short) 17741, java.nio.ByteOrder.LITTLE_ENDIAN);
                new UnsafeBuffer(b).putShort(6, (short) 1, java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            decode(b);
        }
    }

    @Test
    void shouldRejectTruncatedAndMutatedMessagesWithAClearError() {
        Random rnd = new Random(Seeds.announce("DecoderFuzzTest.mutated", 77L));
        for (byte[] valid : validMessages()) {
            for (int len = 0; len < valid.length; len++) {
                decode(Arrays.copyOf(valid, len));
            }
            for (int i = 0; i < ROUNDS / 10; i++) {
                byte[] b = valid.clone();
                for (int k = 0; k <= rnd.nextInt(4); k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                decode(b);
            }
        }
    }

    @Test
    void shouldRejectBadInnerMessagesParamsAndLineageWithAClearError() {
        Random rnd = new Random(Seeds.announce("DecoderFuzzTest.inner", 99L));
        byte[] task = new TaskSpec(1, 0, 1, 1, 2, 3, new long[] {4}, new long[] {5}, "k", new byte[] {0, 0, 0, 0},
            new int[] {1, 2, 1}, List.of("a")).encode();
        byte[] bv = new TaskSpec.BroadcastValue(1, "c", new byte[16]).encode();
        byte[] params = WireParams.encode(dev.ember.ml.core.runtime.KernelParams.builder().put("a", "x")
            .put("b", 2L).put("c", new double[] {1, 2}).put("d", new String[] {"p", "q"}).build(), b -> { });
        byte[] json = new SourceDescriptor("csv", "csv-1", SourceDescriptor.newParams(), List.of()).toJson()
            .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] t = mutate(task, rnd);
            byte[] v = mutate(bv, rnd);
            byte[] p = mutate(params, rnd);
            byte[] j = mutate(json, rnd);
            try {
                TaskSpec.decode(t);
            } catch (ProtocolException e) {
                assertTrue(e.getMessage().startsWith("Task"), e.getMessage());
            }
            try {
                TaskSpec.BroadcastValue.decode(v);
            } catch (ProtocolException e) {
                assertTrue(e.getMessage().contains("BroadcastValue"), e.getMessage());
            }
            try {
                WireParams.decode(p, id -> null);
            } catch (ProtocolException e) {
                assertTrue(e.getMessage().startsWith("kernel param"), e.getMessage());
            }
            try {
                SourceDescriptor.fromJson(new String(j, StandardCharsets.UTF_8));
            } catch (InvalidArgumentException e) {
                assertTrue(e.getMessage().startsWith("lineage descriptor"), e.getMessage());
            }
        }
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = rnd.nextInt(3) == 0 ? Arrays.copyOf(valid, rnd.nextInt(valid.length + 1)) : valid.clone();
        for (int k = 0; k < 1 + rnd.nextInt(3) && b.length > 0; k++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
