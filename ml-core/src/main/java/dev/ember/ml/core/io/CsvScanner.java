package dev.ember.ml.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte-level, quote-aware CSV state machine, and the one pass over a file that finds its record boundaries.
 *
 * <p>The machine follows RFC 4180 as Jackson's CSV parser reads it: a field is quoted only when its first byte
 * is the quote character; inside quotes, a doubled quote is a quote and line breaks belong to the field. A record
 * ends at a line feed, a carriage return, or both, outside quotes. A line with no bytes before its line break is
 * blank: it is not a record (blank lines are skipped, as pandas and Spark do). Every byte the machine branches on
 * (quote, delimiter, CR, LF) is ASCII, so it works on UTF-8 bytes without decoding them.
 *
 * <p>{@link #scan} records a checkpoint (byte offset, data-row number, line number) at every {@code stride}-th
 * data record, doubling the stride and dropping every other checkpoint when {@link #MAX_CHECKPOINTS} is reached,
 * so its memory is bounded whatever the file's size; {@link Scan#split} cuts the file into byte ranges at those
 * checkpoints.
 */
final class CsvScanner {
    /** At the start of a record (or between records): line breaks here are blank lines. */
    static final int RECORD_START = 0;
    /** At the start of a field after a delimiter. */
    static final int FIELD_START = 1;
    /** Inside an unquoted field. */
    static final int UNQUOTED = 2;
    /** Inside a quoted field. */
    static final int QUOTED = 3;
    /** Just after a quote inside a quoted field: a second quote is an escaped quote, anything else closes it. */
    static final int QUOTE_IN_QUOTED = 4;

    static final byte QUOTE = '"';
    static final byte CR = '\r';
    static final byte LF = '\n';

    /** Checkpoints kept at most; beyond that the stride doubles. */
    static final int MAX_CHECKPOINTS = 1 << 15;

    private static final int BUFFER = 1 << 20;

    private CsvScanner() {
    }

    /**
     * Advances the machine by one byte.
     *
     * @param state the current state
     * @param b the byte
     * @param delimiter the delimiter byte (ASCII)
     * @return the next state; {@link #RECORD_START} after a byte that ends a record (or a blank line's break)
     */
    static int step(int state, byte b, byte delimiter) {
        switch (state) {
            case QUOTED:
                return b == QUOTE ? QUOTE_IN_QUOTED : QUOTED;
            case QUOTE_IN_QUOTED:
                if (b == QUOTE) {
                    return QUOTED;
                }
                return afterField(b, delimiter);
            case UNQUOTED:
                return afterField(b, delimiter);
            case RECORD_START:
                if (b == CR || b == LF) {
                    return RECORD_START;
                }
                return fieldStart(b, delimiter);
            default:
                if (b == CR || b == LF) {
                    return RECORD_START;
                }
                return fieldStart(b, delimiter);
        }
    }

    private static int fieldStart(byte b, byte delimiter) {
        if (b == QUOTE) {
            return QUOTED;
        }
        return b == delimiter ? FIELD_START : UNQUOTED;
    }

    private static int afterField(byte b, byte delimiter) {
        if (b == delimiter) {
            return FIELD_START;
        }
        return b == CR || b == LF ? RECORD_START : UNQUOTED;
    }

    /**
     * Where a record of the scan starts.
     *
     * @param offset the byte offset of its first byte
     * @param row the 1-based data row (0 for the header)
     * @param line the 1-based line of the file it starts on
     */
    record Mark(long offset, long row, long line) {
    }

    /**
     * What one pass over a file found.
     *
     * @param fileSize the file's size in bytes
     * @param bomLength 3 if the file starts with a UTF-8 byte-order mark, else 0
     * @param header where the header record starts, or null when there is no header (or no record at all)
     * @param firstData where the first data record starts, or null when there is none
     * @param rows the number of data records
     * @param records the number of records, header included
     * @param checkpoints offsets of data rows {@code 1, 1 + stride, 1 + 2 * stride, ...}
     * @param stride the distance in rows between checkpoints
     */
    record Scan(long fileSize, int bomLength, Mark header, Mark firstData, long rows, long records,
                List<Mark> checkpoints, long stride) {

        /**
         * Cuts the data records into at most {@code n} byte ranges balanced by rows, each starting at a record.
         *
         * @param n the number of ranges wanted, at least 1
         * @return the ranges, in file order, covering every data record; one empty range when there are no rows
         */
        List<CsvSource.Range> split(int n) {
            if (rows == 0) {
                return List.of(new CsvSource.Range(fileSize, fileSize, 1, header == null ? 1 : header.line() + 1, 0));
            }
            int parts = (int) Math.min(n, rows);
            List<Mark> starts = new ArrayList<>(parts);
            starts.add(checkpoints.get(0));
            for (int k = 1; k < parts; k++) {
                long target = 1 + (long) Math.floor((double) k * rows / parts);
                Mark m = checkpoints.get((int) ((target - 1) / stride));
                if (m.row() > starts.get(starts.size() - 1).row()) {
                    starts.add(m);
                }
            }
            List<CsvSource.Range> out = new ArrayList<>(starts.size());
            for (int i = 0; i < starts.size(); i++) {
                Mark s = starts.get(i);
                boolean last = i == starts.size() - 1;
                long end = last ? fileSize : starts.get(i + 1).offset();
                long nextRow = last ? rows + 1 : starts.get(i + 1).row();
                out.add(new CsvSource.Range(s.offset(), end, s.row(), s.line(), nextRow - s.row()));
            }
            return out;
        }
    }

    /**
     * Reads the whole file once and finds its records.
     *
     * @param file the file, for messages
     * @param channel an open channel on it
     * @param delimiter the delimiter
     * @param header whether the first record is a header
     * @return what the pass found
     * @throws DataFormatException for a quoted field that is still open at the end of the file
     * @throws IOException if the file cannot be read
     */
    static Scan scan(Path file, FileChannel channel, char delimiter, boolean header) throws IOException {
        long size = channel.size();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(16, size)));
        byte[] a = buf.array();
        byte delim = (byte) delimiter;
        int bom = hasBom(channel, size) ? 3 : 0;
        long pos = bom;
        int state = RECORD_START;
        long line = 1;
        boolean prevCr = false;
        long records = 0;
        long rows = 0;
        Checkpoints checkpoints = new Checkpoints();
        Mark headerMark = null;
        long lastLine = -1;
        while (pos < size) {
            buf.clear();
            int n = channel.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = a[i];
                if (state == RECORD_START && b != CR && b != LF) {
                    lastLine = line;
                    records++;
                    if (header && records == 1) {
                        headerMark = new Mark(pos + i, 0, line);
                    } else {
                        checkpoints.add(++rows, pos + i, line);
                    }
                }
                state = step(state, b, delim);
                if (b == LF) {
                    if (!prevCr) {
                        line++;
                    }
                } else if (b == CR) {
                    line++;
                }
                prevCr = b == CR;
            }
            pos += n;
        }
        if (state == QUOTED) {
            boolean inHeader = header && records == 1;
            throw new DataFormatException(file, inHeader ? -1 : rows, -1, null, (inHeader ? "header (line "
                + lastLine + "): " : "") + "unterminated quote: a quoted field opened in this row (line " + lastLine
                + ") is not closed before the end of the file, expected a closing '\"'");
        }
        List<Mark> marks = checkpoints.marks();
        Mark first = marks.isEmpty() ? null : marks.get(0);
        return new Scan(size, bom, headerMark, first, rows, records, marks, checkpoints.stride);
    }

    /** Checkpoints at data rows {@code 1, 1 + stride, ...}, at most {@link #MAX_CHECKPOINTS} of them. */
    private static final class Checkpoints {
        private long[] offsets = new long[64];
        private long[] lines = new long[64];
        private int count;
        private long stride = 1;

        void add(long row, long offset, long line) {
            if ((row - 1) % stride != 0) {
                return;
            }
            if (count == MAX_CHECKPOINTS) {
                for (int k = 0; k < count / 2; k++) {
                    offsets[k] = offsets[2 * k];
                    lines[k] = lines[2 * k];
                }
                count /= 2;
                stride *= 2;
                if ((row - 1) % stride != 0) {
                    return;
                }
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lines = Arrays.copyOf(lines, count * 2);
            }
            offsets[count] = offset;
            lines[count] = line;
            count++;
        }

        List<Mark> marks() {
            List<Mark> out = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                out.add(new Mark(offsets[k], 1 + k * stride, lines[k]));
            }
            return List.copyOf(out);
        }
    }

    private static boolean hasBom(FileChannel channel, long size) throws IOException {
        if (size < 3) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(3);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // fill the three bytes
        }
        return b.get(0) == (byte) 0xEF && b.get(1) == (byte) 0xBB && b.get(2) == (byte) 0xBF;
    }

    /**
     * Finds the line a data row starts on, by scanning its range again (only on the error path).
     *
     * @param channel an open channel on the file
     * @param range the range holding the row
     * @param row the 1-based data row
     * @param delimiter the delimiter
     * @return the 1-based line, or -1 if the row is not in the range (or the file cannot be read)
     */
    static long lineOf(FileChannel channel, CsvSource.Range range, long row, char delimiter) {
        if (row < range.firstRow() || row >= range.firstRow() + range.rows()) {
            return -1;
        }
        try {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            byte[] a = buf.array();
            byte delim = (byte) delimiter;
            int state = RECORD_START;
            long line = range.firstLine();
            long current = range.firstRow() - 1;
            boolean prevCr = false;
            long pos = range.start();
            while (pos < range.end()) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), range.end() - pos));
                int n = channel.read(buf, pos);
                if (n <= 0) {
                    return -1;
                }
                for (int i = 0; i < n; i++) {
                    byte b = a[i];
                    if (state == RECORD_START && b != CR && b != LF && ++current == row) {
                        return line;
                    }
                    state = step(state, b, delim);
                    if (b == LF) {
                        if (!prevCr) {
                            line++;
                        }
                    } else if (b == CR) {
                        line++;
                    }
                    prevCr = b == CR;
                }
                pos += n;
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
