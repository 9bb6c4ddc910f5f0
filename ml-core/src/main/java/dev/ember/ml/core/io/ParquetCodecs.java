package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet page compression without Hadoop: UNCOMPRESSED, SNAPPY (snappy-java, raw block format), ZSTD (zstd-jni,
 * standard frames) and GZIP ({@link java.util.zip}), the codecs Parquet-MR itself writes for these names. Other
 * codecs (LZ4, LZ4_RAW, LZO, BROTLI) are rejected with an {@link IOException} naming the codec.
 *
 * <p>Stateless and thread-safe; one shared instance ({@link #INSTANCE}) serves every reader and writer.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    /** The shared factory. */
    static final ParquetCodecs INSTANCE = new ParquetCodecs();

    /** The codecs this factory compresses and decompresses. */
    static final String SUPPORTED = "UNCOMPRESSED, SNAPPY, ZSTD or GZIP";

    private static final int ZSTD_LEVEL = 3;

    private ParquetCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> new Compressor(codec);
            default -> throw new InvalidArgumentException("Parquet compression: found " + codec + ", expected "
                + SUPPORTED);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {
        // stateless
    }

    /**
     * The bytes as one array: the backing array itself when they are one heap buffer's whole content (a page read
     * from the file), else one bulk copy.
     */
    private static byte[] toArray(BytesInput bytes) throws IOException {
        int size = Math.toIntExact(bytes.size());
        ByteBuffer buf = bytes.toByteBuffer();
        if (buf.hasArray() && buf.arrayOffset() == 0 && buf.position() == 0 && buf.array().length == size
            && buf.remaining() == size) {
            return buf.array();
        }
        if (buf.remaining() == size) {
            byte[] out = new byte[size];
            buf.duplicate().get(out);
            return out;
        }
        return copyOf(bytes);
    }

    /** Copies the bytes into one array through {@link BytesInput#writeAllTo}. */
    private static byte[] copyOf(BytesInput bytes) throws IOException {
        byte[] out = new byte[Math.toIntExact(bytes.size())];
        bytes.writeAllTo(new OutputStream() {
            private int pos;

            @Override
            public void write(int b) {
                out[pos++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                System.arraycopy(b, off, out, pos, len);
                pos += len;
            }
        });
        return out;
    }

    private static final class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return switch (codec) {
                case UNCOMPRESSED -> bytes;
                case SNAPPY -> BytesInput.from(Snappy.compress(toArray(bytes)));
                case ZSTD -> BytesInput.from(Zstd.compress(toArray(bytes), ZSTD_LEVEL));
                case GZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                        bytes.size() / 2 + 64));
                    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
                        bytes.writeAllTo(gz);
                    }
                    yield BytesInput.from(out.toByteArray());
                }
                default -> throw new IOException("Parquet compression: found " + codec + ", expected " + SUPPORTED);
            };
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            // stateless
        }
    }

    private static final class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            if (codec == CompressionCodecName.SNAPPY) {
                // straight from the page's heap buffer, without an intermediate copy
                ByteBuffer in = bytes.toByteBuffer();
                if (in.hasArray()) {
                    byte[] out = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in.array(), in.arrayOffset() + in.position(), in.remaining(), out, 0);
                    checkSize(n, uncompressedSize);
                    return BytesInput.from(out);
                }
            }
            return BytesInput.from(decompress(toArray(bytes), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
            throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            byte[] out = codec == CompressionCodecName.UNCOMPRESSED ? in : decompress(in, uncompressedSize);
            output.put(out, 0, uncompressedSize);
        }

        private byte[] decompress(byte[] in, int uncompressedSize) throws IOException {
            byte[] out;
            switch (codec) {
                case SNAPPY -> {
                    out = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in, 0, in.length, out, 0);
                    checkSize(n, uncompressedSize);
                }
                case ZSTD -> {
                    out = new byte[uncompressedSize];
                    long n = Zstd.decompressByteArray(out, 0, uncompressedSize, in, 0, in.length);
                    if (Zstd.isError(n)) {
                        throw new IOException("ZSTD page does not decompress: " + Zstd.getErrorName(n));
                    }
                    checkSize(n, uncompressedSize);
                }
                case GZIP -> {
                    out = new byte[uncompressedSize];
                    try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in), 64 * 1024)) {
                        int n = gz.readNBytes(out, 0, uncompressedSize);
                        checkSize(n, uncompressedSize);
                    }
                }
                default -> throw new IOException("Parquet compression: found " + codec + ", expected "
                    + SUPPORTED);
            }
            return out;
        }

        private void checkSize(long found, int expected) throws IOException {
            if (found != expected) {
                throw new IOException(codec + " page: found " + found + " bytes after decompression, expected "
                    + expected);
            }
        }

        @Override
        public void release() {
            // stateless
        }
    }
}
