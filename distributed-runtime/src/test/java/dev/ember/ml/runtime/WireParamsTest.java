package dev.ember.ml.runtime;

import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodecs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Kernel params on the wire: every type, exact doubles, broadcasts by id, and checked lengths. */
class WireParamsTest {

    @Test
    void shouldRoundTripEveryTypeExactly() {
        Broadcast<double[]> b = ClusterBroadcast.inDriver(42, new double[] {1, 2}, ValueCodecs.DOUBLE_ARRAY, id -> { });
        KernelParams p = KernelParams.builder().put("s", "é€").put("l", Long.MIN_VALUE).put("d", -0.0)
            .put("nan", Double.NaN).put("t", true).put("da", new double[] {Double.MIN_VALUE, Double.NEGATIVE_INFINITY})
            .put("la", new long[] {1, -1}).put("sa", new String[] {"", "x"}).put("coef", b).build();
        KernelParams q = WireParams.decode(WireParams.encode(p, x -> { }), id -> {
            assertEquals(42, id);
            return b;
        });
        assertEquals(p, q);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(q.getDouble("d")));
        assertArrayEquals(new double[] {Double.MIN_VALUE, Double.NEGATIVE_INFINITY}, q.getDoubleArray("da"));
        assertSame(b, q.asMap().get("coef"));
    }

    @Test
    void shouldRefuseTruncatedParams() {
        byte[] enc = WireParams.encode(KernelParams.builder().put("a", new double[] {1, 2, 3}).build(), x -> { });
        for (int len = 0; len < enc.length; len++) {
            byte[] cut = Arrays.copyOf(enc, len);
            assertThrows(ProtocolException.class, () -> WireParams.decode(cut, id -> null), "length " + len);
        }
    }
}
