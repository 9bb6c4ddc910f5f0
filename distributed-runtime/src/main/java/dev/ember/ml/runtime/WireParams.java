package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@link KernelParams} in binary, the {@code kernelParams} field of a Task. Little-endian; every length is
 * checked against the bytes that remain before anything is allocated.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Entry Count                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |               Name Length (int32) ...         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ...          |          Name (UTF-8)                        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Value                               ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  (repeated Entry Count times)
 *
 *  Value by type: 1 STRING: int32 length, UTF-8 bytes; 2 LONG: int64; 3 DOUBLE: int64 IEEE-754 bits;
 *  4 BOOLEAN: uint8 0/1; 5 DOUBLE[]: int32 n, n x int64 bits; 6 LONG[]: int32 n, n x int64;
 *  7 STRING[]: int32 n, n x (int32 length, UTF-8 bytes); 8 BROADCAST: int64 broadcast id.
 * </pre>
 */
final class WireParams {
    static final byte STRING = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte BOOLEAN = 4;
    static final byte DOUBLE_ARRAY = 5;
    static final byte LONG_ARRAY = 6;
    static final byte STRING_ARRAY = 7;
    static final byte BROADCAST = 8;
    /** The most entries a params block may have. */
    static final int MAX_ENTRIES = 4096;

    private WireParams() {
    }

    /**
     * @param params the params
     * @param checkBroadcast called with every broadcast handle (the driver checks it is one of its own)
     * @return the encoding
     */
    static byte[] encode(KernelParams params, java.util.function.Consumer<Broadcast<?>> checkBroadcast) {
        int size = 4;
        for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
            size += 1 + 4 + utf8(e.getKey()).length + valueLength(e.getKey(), e.getValue());
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(params.asMap().size());
        for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
            Object v = e.getValue();
            byte type = v instanceof String ? STRING : v instanceof Long ? LONG : v instanceof Double ? DOUBLE
                : v instanceof Boolean ? BOOLEAN : v instanceof double[] ? DOUBLE_ARRAY
                : v instanceof long[] ? LONG_ARRAY : v instanceof String[] ? STRING_ARRAY : BROADCAST;
            b.put(type);
            putString(b, e.getKey());
            switch (type) {
                case STRING -> putString(b, (String) v);
                case LONG -> b.putLong((Long) v);
                case DOUBLE -> b.putLong(Double.doubleToRawLongBits((Double) v));
                case BOOLEAN -> b.put((byte) ((Boolean) v ? 1 : 0));
                case DOUBLE_ARRAY -> {
                    double[] a = (double[]) v;
                    b.putInt(a.length);
                    for (double x : a) {
                        b.putLong(Double.doubleToRawLongBits(x));
                    }
                }
                case LONG_ARRAY -> {
                    long[] a = (long[]) v;
                    b.putInt(a.length);
                    for (long x : a) {
                        b.putLong(x);
                    }
                }
                case STRING_ARRAY -> {
                    String[] a = (String[]) v;
                    b.putInt(a.length);
                    for (String x : a) {
                        putString(b, x);
                    }
                }
                default -> {
                    Broadcast<?> bc = (Broadcast<?>) v;
                    checkBroadcast.accept(bc);
                    b.putLong(bc.id());
                }
            }
        }
        return b.array();
    }

    private static int valueLength(String name, Object v) {
        if (v instanceof String s) {
            return 4 + utf8(s).length;
        } else if (v instanceof Long || v instanceof Double || v instanceof Broadcast<?>) {
            return 8;
        } else if (v instanceof Boolean) {
            return 1;
        } else if (v instanceof double[] a) {
            return 4 + 8 * a.length;
        } else if (v instanceof long[] a) {
            return 4 + 8 * a.length;
        } else if (v instanceof String[] a) {
            int n = 4;
            for (String s : a) {
                n += 4 + utf8(s).length;
            }
            return n;
        }
        throw new InvalidArgumentException("kernel param '" + name + "': found " + v.getClass().getName()
            + ", expected a value KernelParams can hold");
    }

    /**
     * @param bytes an encoding
     * @param broadcasts resolves broadcast ids (throws for unknown ones)
     * @return the params
     * @throws ProtocolException if the bytes are not a params block
     */
    static KernelParams decode(byte[] bytes, LongFunction<Broadcast<?>> broadcasts) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int n = count(b, 6, "entry count");
            if (n > MAX_ENTRIES) {
                throw new ProtocolException("kernel params: found " + n + " entries, expected at most " + MAX_ENTRIES);
            }
            KernelParams.Builder out = KernelParams.builder();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                need(b, 1, "entry type");
                byte type = b.get();
                String name = getString(b);
                if (seen.contains(name)) {
                    throw new ProtocolException("kernel params: entry '" + name + "' appears twice");
                }
                seen.add(name);
                switch (type) {
                    case STRING -> out.put(name, getString(b));
                    case LONG -> out.put(name, need(b, 8, name).getLong());
                    case DOUBLE -> out.put(name, Double.longBitsToDouble(need(b, 8, name).getLong()));
                    case BOOLEAN -> {
                        byte v = need(b, 1, name).get();
                        if (v != 0 && v != 1) {
                            throw new ProtocolException("kernel param '" + name + "': found boolean byte " + v
                                + ", expected 0 or 1");
                        }
                        out.put(name, v == 1);
                    }
                    case DOUBLE_ARRAY -> {
                        double[] a = new double[count(b, 8, name)];
                        for (int j = 0; j < a.length; j++) {
                            a[j] = Double.longBitsToDouble(b.getLong());
                        }
                        out.put(name, a);
                    }
                    case LONG_ARRAY -> {
                        long[] a = new long[count(b, 8, name)];
                        for (int j = 0; j < a.length; j++) {
                            a[j] = b.getLong();
                        }
                        out.put(name, a);
                    }
                    case STRING_ARRAY -> {
                        String[] a = new String[count(b, 4, name)];
                        for (int j = 0; j < a.length; j++) {
                            a[j] = getString(b);
                        }
                        out.put(name, a);
                    }
                    case BROADCAST -> out.put(name, broadcasts.apply(need(b, 8, name).getLong()));
                    default -> throw new ProtocolException("kernel param '" + name + "': found type " + type
                        + ", expected 1..8");
                }
            }
            if (b.hasRemaining()) {
                throw new ProtocolException("kernel params: found " + b.remaining() + " bytes after the last entry,"
                    + " expected none");
            }
            return out.build();
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new ProtocolException("kernel params: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer need(ByteBuffer b, int bytes, String what) {
        if (b.remaining() < bytes) {
            throw new ProtocolException("kernel params (" + what + "): found " + b.remaining()
                + " bytes, expected " + bytes);
        }
        return b;
    }

    private static int count(ByteBuffer b, int elementBytes, String what) {
        int n = need(b, 4, what).getInt();
        if (n < 0 || (long) n * elementBytes > b.remaining()) {
            throw new ProtocolException("kernel params (" + what + "): length " + n + " does not fit the "
                + b.remaining() + " bytes that follow");
        }
        return n;
    }

    private static String getString(ByteBuffer b) {
        int n = count(b, 1, "string length");
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] u = utf8(s);
        b.putInt(u.length);
        b.put(u);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
