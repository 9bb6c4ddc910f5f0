package dev.ember.ml.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvScannerTest {
    @TempDir
    Path dir;

    private CsvScanner.Scan scan(String text, boolean header) throws IOException {
        Path file = dir.resolve("scan.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return CsvScanner.scan(file, ch, ',', header);
        }
    }

    @Test
    void shouldCountRecordsNotLinesWhenQuotedFieldsHoldLineBreaks() throws IOException {
        CsvScanner.Scan s = scan("a,b\n1,\"x\ny\"\n2,\"p\r\nq,\"\"r\"\"\"\n3,z", true);
        assertEquals(3, s.rows());
        assertEquals(4, s.records());
        assertEquals(new CsvScanner.Mark(0, 0, 1), s.header());
        List<CsvScanner.Mark> marks = s.checkpoints();
        assertEquals(List.of(2L, 4L, 6L), marks.stream().map(CsvScanner.Mark::line).toList());
        assertEquals(List.of(1L, 2L, 3L), marks.stream().map(CsvScanner.Mark::row).toList());
        assertEquals(4, marks.get(0).offset());
    }

    @Test
    void shouldTreatCrLfAndCrAsLineEndsAndSkipBlankLines() throws IOException {
        CsvScanner.Scan s = scan("\r\n\na\r1\r\r\n2\n\n", true);
        assertEquals(2, s.rows());
        assertEquals(3, s.header().line());
        assertEquals(List.of(4L, 6L), s.checkpoints().stream().map(CsvScanner.Mark::line).toList());
    }

    @Test
    void shouldTreatAQuoteAsLiteralWhenItIsNotAtTheStartOfAField() throws IOException {
        CsvScanner.Scan s = scan("a,b\n1,x\"y\n2,z\n", true);
        assertEquals(2, s.rows(), "x\"y is an unquoted field with a quote in it, not an open quote");
    }

    @Test
    void shouldSkipAByteOrderMark() throws IOException {
        CsvScanner.Scan s = scan("\uFEFFa\n1\n", true);
        assertEquals(3, s.bomLength());
        assertEquals(3, s.header().offset());
    }

    @Test
    void shouldReportTheRowOfAnUnterminatedQuote() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> scan("a\n1\n\"2\n3\n", true));
        assertEquals(2, e.row());
        assertTrue(e.getMessage().contains("(line 3)"), e.getMessage());
    }

    @Test
    void shouldSplitIntoContiguousRangesBalancedByRows() throws IOException {
        CsvScanner.Scan s = scan("h\n1\n2\n3\n4\n5\n6\n7\n", true);
        List<CsvSource.Range> ranges = s.split(3);
        assertEquals(List.of(2L, 2L, 3L), ranges.stream().map(CsvSource.Range::rows).toList());
        assertEquals(List.of(1L, 3L, 5L), ranges.stream().map(CsvSource.Range::firstRow).toList());
        assertEquals(2, ranges.get(0).start());
        assertEquals(ranges.get(0).end(), ranges.get(1).start());
        assertEquals(16, ranges.get(2).end());
        assertEquals(7, s.split(100).size(), "at most one range per row");
        assertNull(scan("h\n", true).firstData());
        assertEquals(0, scan("h\n", true).split(4).get(0).rows(), "no rows: one empty range");
    }

    @Test
    void shouldBoundCheckpointsAndStillBalanceWhenTheFileIsLong() throws IOException {
        int rows = 3 * CsvScanner.MAX_CHECKPOINTS + 17;
        StringBuilder sb = new StringBuilder("x\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append('\n');
        }
        CsvScanner.Scan s = scan(sb.toString(), true);
        assertEquals(rows, s.rows());
        assertEquals(4, s.stride());
        assertTrue(s.checkpoints().size() <= CsvScanner.MAX_CHECKPOINTS);
        List<CsvSource.Range> ranges = s.split(5);
        assertEquals(5, ranges.size());
        long sum = 0;
        for (CsvSource.Range r : ranges) {
            assertTrue(Math.abs(r.rows() - rows / 5.0) < s.stride(), r.toString());
            assertEquals(r.firstRow() + 1, r.firstLine(), "one line per row after the header");
            sum += r.rows();
        }
        assertEquals(rows, sum);
        Path file = dir.resolve("scan.csv");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CsvSource.Range last = ranges.get(4);
            assertEquals(last.firstRow() + 11, CsvScanner.lineOf(ch, last, last.firstRow() + 10, ','));
            assertEquals(-1, CsvScanner.lineOf(ch, last, 1, ','));
        }
    }
}
