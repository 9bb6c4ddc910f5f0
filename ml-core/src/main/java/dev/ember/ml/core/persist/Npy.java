package dev.ember.ml.core.persist;

import dev.ember.ml.core.InvalidArgumentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes numpy's {@code .npy} format (version 1.0): a magic string, a header dict
 * ({@code descr}, {@code fortran_order}, {@code shape}) padded to 64 bytes, then the raw little-endian data in
 * C order. Files written here load with {@code numpy.load}. Supported element types: {@code <f8}, {@code <f4},
 * {@code <i8}, {@code <i4}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from or written to a {@code .npy} file.
     *
     * @param descr numpy's type descriptor, such as {@code <f8}
     * @param shape the shape (empty for a scalar)
     * @param data the values widened to double, in C order
     */
    public record Array(String descr, long[] shape, double[] data) {
        /** @return the values as a 1-D array (any shape, C order) */
        public double[] flat() {
            return data.clone();
        }

        /** @return a 2-D array's rows */
        public double[][] matrix() {
            if (shape.length != 2) {
                throw new InvalidArgumentException("npy array: found shape " + Arrays.toString(shape)
                    + ", expected 2 dimensions");
            }
            int r = (int) shape[0];
            int c = (int) shape[1];
            double[][] out = new double[r][];
            for (int i = 0; i < r; i++) {
                out[i] = Arrays.copyOfRange(data, i * c, (i + 1) * c);
            }
            return out;
        }
    }

    /**
     * @param file the file to write
     * @param values a 1-D array
     */
    public static void write(Path file, double[] values) {
        write(file, "<f8", new long[] {values.length}, values);
    }

    /**
     * @param file the file to write
     * @param rows a 2-D array whose rows all have one length
     */
    public static void write(Path file, double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new InvalidArgumentException("npy matrix row " + i + ": found " + rows[i].length
                    + " columns, expected " + c);
            }
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        write(file, "<f8", new long[] {r, c}, flat);
    }

    /**
     * @param file the file to write
     * @param descr {@code <f8}, {@code <f4}, {@code <i8} or {@code <i4}
     * @param shape the shape
     * @param values the values in C order (narrowed to the element type)
     */
    public static void write(Path file, String descr, long[] shape, double[] values) {
        int width = width(descr, file);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != values.length) {
            throw new InvalidArgumentException("npy " + file + ": shape " + Arrays.toString(shape) + " holds " + n
                + " values, found " + values.length);
        }
        StringBuilder shapeText = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            shapeText.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        shapeText.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + values.length * width)
            .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            switch (descr) {
                case "<f8" -> buf.putDouble(v);
                case "<f4" -> buf.putFloat((float) v);
                case "<i8" -> buf.putLong((long) v);
                default -> buf.putInt((int) v);
            }
        }
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new PersistenceException("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * @param file a {@code .npy} file
     * @return its contents
     * @throws PersistenceException naming the file and what is wrong with it
     */
    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PersistenceException("cannot read array file " + file + ": " + e, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new PersistenceException(file + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        buf.position(8);
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        if (major < 1 || major > 3 || headerLen < 0 || buf.position() + headerLen > bytes.length) {
            throw new PersistenceException(file + ": npy version " + major + " with header length " + headerLen
                + " does not fit the file's " + bytes.length + " bytes");
        }
        String header = new String(bytes, buf.position(), headerLen, StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + headerLen);
        String descr = group(DESCR, header, file, "descr");
        if ("True".equals(group(FORTRAN, header, file, "fortran_order"))) {
            throw new PersistenceException(file + ": found fortran_order True, expected C order");
        }
        String shapeText = group(SHAPE, header, file, "shape").trim();
        long[] shape = shapeText.isEmpty() ? new long[0] : Arrays.stream(shapeText.split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        int width = width(descr, file);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n * width != buf.remaining()) {
            throw new PersistenceException(file + ": shape " + Arrays.toString(shape) + " of " + descr + " needs "
                + n * width + " bytes of data, found " + buf.remaining());
        }
        double[] data = new double[(int) n];
        for (int i = 0; i < n; i++) {
            data[i] = switch (descr) {
                case "<f8" -> buf.getDouble();
                case "<f4" -> buf.getFloat();
                case "<i8" -> buf.getLong();
                default -> buf.getInt();
            };
        }
        return new Array(descr, shape, data);
    }

    private static String group(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new PersistenceException(file + ": npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static int width(String descr, Path file) {
        return switch (descr) {
            case "<f8", "<i8" -> 8;
            case "<f4", "<i4" -> 4;
            default -> throw new PersistenceException(file + ": found npy type " + descr
                + ", expected one of <f8, <f4, <i8, <i4");
        };
    }
}
