package dev.ember.ml.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the delimiter of a file whose first line does not hold the configured one: a semicolon-separated export
 * (the usual CSV where the decimal mark is a comma), a tab-separated or a pipe-separated file would otherwise be
 * read as one string column. Looks at the first lines ({@link #LINES}, at most {@link #BYTES} bytes) and takes
 * the candidate that occurs, outside quotes, the same non-zero number of times on every one of them, as Python's
 * {@code csv.Sniffer} does.
 */
final class CsvDelimiterSniffer {
    /** Candidates, in order of preference. */
    static final char[] CANDIDATES = {',', ';', '\t', '|'};
    /** Lines looked at. */
    static final int LINES = 20;
    /** Bytes read at most. */
    static final int BYTES = 1 << 16;

    private CsvDelimiterSniffer() {
    }

    /**
     * @param channel the file
     * @param configured the delimiter the reader is set to
     * @return the delimiter to use instead, or {@code configured} when its first line holds it (or nothing else
     *     splits the first lines consistently)
     * @throws IOException if the file cannot be read
     */
    static char sniff(FileChannel channel, char configured) throws IOException {
        List<String> lines = firstLines(channel);
        if (lines.isEmpty() || count(lines.get(0), configured) > 0) {
            return configured;
        }
        for (char c : CANDIDATES) {
            if (c == configured) {
                continue;
            }
            int n = count(lines.get(0), c);
            if (n == 0) {
                continue;
            }
            boolean consistent = true;
            for (String line : lines) {
                if (count(line, c) != n) {
                    consistent = false;
                    break;
                }
            }
            if (consistent) {
                return c;
            }
        }
        return configured;
    }

    private static List<String> firstLines(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BYTES, Math.max(0, channel.size())));
        while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
            // positional reads until full or end of file
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        boolean complete = buf.position() == channel.size();
        List<String> lines = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length() && lines.size() < LINES; i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\n' && !quoted) {
                addLine(lines, text.substring(start, i));
                start = i + 1;
            }
        }
        if (complete && start < text.length() && lines.size() < LINES) {
            addLine(lines, text.substring(start));
        }
        return lines;
    }

    private static void addLine(List<String> lines, String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!l.isBlank()) {
            lines.add(l);
        }
    }

    /** @return occurrences of {@code c} outside double quotes */
    static int count(String line, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                n++;
            }
        }
        return n;
    }
}
