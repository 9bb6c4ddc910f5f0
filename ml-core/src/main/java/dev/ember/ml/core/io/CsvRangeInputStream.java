package dev.ember.ml.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes {@code [start, end)} of a file, read with positional reads from a channel, minus blank lines.
 *
 * <p>The range must start at a record boundary (as {@link CsvScanner} finds them). Line breaks seen at the start
 * of a record, outside quotes, are dropped: that removes blank lines (and turns a CRLF record end into CR, which
 * the parser reads the same), so that every record the CSV parser sees is a data row the scan counted.
 */
final class CsvRangeInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private final byte delimiter;
    private final ByteBuffer buffer;
    private long position;
    private int state = CsvScanner.RECORD_START;

    /**
     * @param channel an open channel, not closed by this stream
     * @param start the first byte, at a record boundary
     * @param end one past the last byte
     * @param delimiter the field delimiter (ASCII)
     * @param bufferSize bytes read from the channel at a time
     */
    CsvRangeInputStream(FileChannel channel, long start, long end, char delimiter, int bufferSize) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.delimiter = (byte) delimiter;
        this.buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(bufferSize, end - start)));
        this.buffer.limit(0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int written = 0;
        while (written == 0) {
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            byte[] a = buffer.array();
            int i = buffer.position();
            int limit = buffer.limit();
            int s = state;
            while (i < limit && written < len) {
                byte b = a[i++];
                if (s == CsvScanner.RECORD_START && (b == CsvScanner.CR || b == CsvScanner.LF)) {
                    continue;
                }
                s = CsvScanner.step(s, b, delimiter);
                out[off + written++] = b;
            }
            state = s;
            buffer.position(i);
        }
        return written;
    }

    private boolean fill() throws IOException {
        if (position >= end) {
            return false;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n <= 0) {
            throw new IOException("file ended at byte " + position + ", expected " + end
                + " bytes (was it truncated?)");
        }
        position += n;
        buffer.flip();
        return true;
    }
}
