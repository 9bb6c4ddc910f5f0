package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvValuesTest {

    private static void assertKind(int kind, String... texts) {
        for (String t : texts) {
            assertEquals(kind, CsvValues.classify(t), "'" + t + "'");
        }
    }

    @Test
    void shouldClassifyEachValueAsItsNarrowestKind() {
        assertKind(CsvValues.INT, "0", "-7", "+12", "2147483647", "000123", " 42 ", "999999999",
            "-2147483648", "0000000001");
        assertKind(CsvValues.LONG, "3000000000", "2147483648", "-2147483649", "-9223372036854775808",
            "9223372036854775807");
        assertKind(CsvValues.DOUBLE, "1.5", "-.5", "1.", "1e5", "-2.5E-3", "1.510000000000000000e+02", "NaN",
            "nan", "Infinity", "-Infinity", "+inf", "Inf", "-inf", "9223372036854775808",
            "123456789012345678901234567890");
        assertKind(CsvValues.BOOLEAN, "true", "FALSE", "True");
        assertKind(CsvValues.TIMESTAMP, "2024-03-01", "2024-03-01T12:30", "2024-03-01T12:30:00Z",
            "2024-03-01 12:30:00.123456", "2024-03-01T12:30:00+05:30", "2024-03-01T12:30:00+01:00[Europe/Paris]");
        assertKind(CsvValues.STRING, "abc", "1d", "0x10", "1e", "-", ".", "1,5", "1 2", "NA", "yes", "2024-13-01",
            "2024-03-01T25:00", "setosa", "   ", "1.2.3");
    }

    @Test
    void shouldWidenNumbersAndFallBackToStringWhenMerging() {
        assertEquals(CsvValues.INT, CsvValues.merge(CsvValues.NONE, CsvValues.INT));
        assertEquals(CsvValues.LONG, CsvValues.merge(CsvValues.INT, CsvValues.LONG));
        assertEquals(CsvValues.DOUBLE, CsvValues.merge(CsvValues.INT, CsvValues.DOUBLE));
        assertEquals(CsvValues.DOUBLE, CsvValues.merge(CsvValues.DOUBLE, CsvValues.LONG));
        assertEquals(CsvValues.STRING, CsvValues.merge(CsvValues.INT, CsvValues.BOOLEAN));
        assertEquals(CsvValues.STRING, CsvValues.merge(CsvValues.DOUBLE, CsvValues.TIMESTAMP));
        assertEquals(CsvValues.STRING, CsvValues.merge(CsvValues.BOOLEAN, CsvValues.TIMESTAMP));
        assertEquals(CsvValues.STRING, CsvValues.merge(CsvValues.STRING, CsvValues.INT));
        assertEquals(CsvValues.TIMESTAMP, CsvValues.merge(CsvValues.TIMESTAMP, CsvValues.NONE));
        int[] kinds = {CsvValues.NONE, CsvValues.INT, CsvValues.LONG, CsvValues.DOUBLE, CsvValues.BOOLEAN,
            CsvValues.TIMESTAMP, CsvValues.STRING};
        for (int a : kinds) {
            for (int b : kinds) {
                assertEquals(CsvValues.merge(a, b), CsvValues.merge(b, a), "commutative " + a + " " + b);
                for (int c : kinds) {
                    assertEquals(CsvValues.merge(CsvValues.merge(a, b), c), CsvValues.merge(a, CsvValues.merge(b, c)),
                        "associative " + a + " " + b + " " + c);
                }
            }
        }
        assertEquals(DataType.STRING, CsvValues.typeOf(CsvValues.NONE, DataType.DOUBLE), "only nulls: string");
        assertEquals(DataType.FLOAT, CsvValues.typeOf(CsvValues.DOUBLE, DataType.FLOAT));
    }

    @Test
    void shouldParseValuesStrictlyWhenTheTypeIsGiven() {
        assertEquals(1.5, CsvValues.parseDouble(" 1.5 "));
        assertTrue(Double.isNaN(CsvValues.parseDouble("NaN")));
        assertEquals(Double.NEGATIVE_INFINITY, CsvValues.parseDouble("-Inf"));
        assertEquals(0.1f, CsvValues.parseFloat("0.1"), "rounded once, from the decimal");
        assertEquals(7L, CsvValues.parseLong("+7"));
        assertEquals(-3, CsvValues.parseInt(" -3"));
        assertTrue(CsvValues.parseBoolean("TRUE"));
        assertFalse(CsvValues.parseBoolean("false"));
        assertThrows(NumberFormatException.class, () -> CsvValues.parseDouble("1d"));
        assertThrows(NumberFormatException.class, () -> CsvValues.parseDouble("0x1p3"));
        assertThrows(NumberFormatException.class, () -> CsvValues.parseLong("1.0"));
        assertThrows(NumberFormatException.class, () -> CsvValues.parseInt("3000000000"));
        assertThrows(InvalidArgumentException.class, () -> CsvValues.parseBoolean("1"));
        assertThrows(DateTimeException.class, () -> CsvValues.parseTimestamp("01/02/2024"));
    }

    @Test
    void shouldReadTimestampsAsUtcMicrosWhenNoZoneIsGiven() {
        assertEquals(0L, CsvValues.parseTimestamp("1970-01-01"));
        assertEquals(1_500_000L, CsvValues.parseTimestamp("1970-01-01T00:00:01.5"));
        assertEquals(-1_000_000L, CsvValues.parseTimestamp("1969-12-31 23:59:59"));
        assertEquals(Instant.parse("2024-03-01T10:30:00Z").getEpochSecond() * 1_000_000L,
            CsvValues.parseTimestamp("2024-03-01T12:30:00+02:00"));
        assertEquals(123L, CsvValues.parseTimestamp("1970-01-01T00:00:00.000123999Z"), "nanos truncate to micros");
    }
}
