package dev.ember.ml.core.io;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local Parquet file read through a {@link FileChannel} with positional reads.
 *
 * <p>Parquet's own {@code LocalInputFile} reads through {@code RandomAccessFile}, whose native read of a large
 * range allocates a fresh C buffer of the range's size on every call (megabytes per column chunk, so fresh pages
 * to fault in each time) and copies through it. A channel read goes through the JDK's per-thread cached direct
 * buffer instead, which stays mapped from one column chunk to the next.
 */
final class ChannelInputFile implements InputFile {
    private final Path path;

    ChannelInputFile(Path path) {
        this.path = path;
    }

    @Override
    public long getLength() throws IOException {
        return java.nio.file.Files.size(path);
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return new ChannelStream(FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** A stream over the channel with its own position (positional reads: the channel's is never moved). */
    private static final class ChannelStream extends SeekableInputStream {
        private final FileChannel channel;
        private long pos;

        ChannelStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(ByteBuffer.wrap(bytes));
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            readFully(ByteBuffer.wrap(bytes, start, len));
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            if (!buf.hasRemaining()) {
                return 0;
            }
            int n = channel.read(buf, pos);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos);
                if (n < 0) {
                    throw new EOFException("reached the end of the file with " + buf.remaining()
                        + " bytes still to read at offset " + pos);
                }
                pos += n;
            }
        }

        @Override
        public long skip(long n) {
            pos += Math.max(0, n);
            return Math.max(0, n);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
