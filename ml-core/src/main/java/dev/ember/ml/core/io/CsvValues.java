package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Parsing of CSV field text into typed values, and the type lattice of schema inference.
 *
 * <p>Inferred kinds, narrowest first: {@code int} (fits 32 bits) &lt; {@code long} &lt; {@code double}; then
 * {@code boolean} ({@code true}/{@code false}, any case), {@code timestamp} (ISO-8601 date or date-time) and
 * {@code string}. Two kinds merge to the narrowest kind that holds both: numbers widen along
 * int &lt; long &lt; double, and any other mix is a string.
 *
 * <p>Numbers, booleans and timestamps are parsed from the text with leading and trailing white space removed;
 * strings keep their text as it is. Decimals are digits with an optional sign, point and exponent
 * ({@code -1.5e-3}, {@code .5}, {@code 1.}); {@code NaN}, {@code Inf}, {@code Infinity} (any case, the latter two
 * with an optional sign) are doubles, as R, Python and Java write them. Hexadecimal and suffixed forms such as
 * {@code 1d} or {@code 0x10} are not numbers.
 */
final class CsvValues {
    /** No value seen yet (only nulls). */
    static final int NONE = 0;
    static final int INT = 1;
    static final int LONG = 2;
    static final int DOUBLE = 3;
    static final int BOOLEAN = 4;
    static final int TIMESTAMP = 5;
    static final int STRING = 6;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private CsvValues() {
    }

    /**
     * @param text a field's text that is not a null marker
     * @return the narrowest kind that can hold it
     */
    static int classify(String text) {
        String t = strip(text);
        int n = t.length();
        if (n == 0) {
            return STRING;
        }
        char c = t.charAt(0);
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            int digits = integerDigits(t);
            if (digits > 0) {
                return integerKind(t, digits);
            }
            if (isDecimal(t) || isSpecialDouble(t)) {
                return DOUBLE;
            }
            if (looksLikeDate(t)) {
                try {
                    parseTimestamp(t);
                    return TIMESTAMP;
                } catch (DateTimeException | ArithmeticException e) {
                    return STRING;
                }
            }
            return STRING;
        }
        if (isSpecialDouble(t)) {
            return DOUBLE;
        }
        if (n == 4 && t.equalsIgnoreCase("true") || n == 5 && t.equalsIgnoreCase("false")) {
            return BOOLEAN;
        }
        return STRING;
    }

    /**
     * @param a a kind
     * @param b another kind
     * @return the narrowest kind holding both
     */
    static int merge(int a, int b) {
        if (a == b || b == NONE) {
            return a;
        }
        if (a == NONE) {
            return b;
        }
        if (a <= DOUBLE && b <= DOUBLE) {
            return Math.max(a, b);
        }
        return STRING;
    }

    /**
     * @param kind an inferred kind
     * @param floatingType the type of inferred decimals
     * @return the column type
     */
    static DataType typeOf(int kind, DataType floatingType) {
        return switch (kind) {
            case INT -> DataType.INT;
            case LONG -> DataType.LONG;
            case DOUBLE -> floatingType;
            case BOOLEAN -> DataType.BOOLEAN;
            case TIMESTAMP -> DataType.TIMESTAMP;
            default -> DataType.STRING;
        };
    }

    private static int integerKind(String t, int digits) {
        if (digits <= 9) {
            return INT;
        }
        if (digits <= 18) {
            return digits == 10 && fitsInt(t) ? INT : LONG;
        }
        try {
            Long.parseLong(t);
            return LONG;
        } catch (NumberFormatException e) {
            return DOUBLE;
        }
    }

    private static boolean fitsInt(String t) {
        long v = Long.parseLong(t);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    /** @return the number of digits if {@code t} is an optionally signed integer, else 0 */
    private static int integerDigits(String t) {
        int n = t.length();
        int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (i == n) {
            return 0;
        }
        for (int j = i; j < n; j++) {
            char c = t.charAt(j);
            if (c < '0' || c > '9') {
                return 0;
            }
        }
        return n - i;
    }

    /** @return whether {@code t} is {@code [+-]? (d+ [.] d* | . d+) ([eE] [+-]? d+)?} */
    static boolean isDecimal(String t) {
        int n = t.length();
        int i = 0;
        if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            i++;
        }
        int mantissa = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            mantissa++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                mantissa++;
            }
        }
        if (mantissa == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** @return whether {@code t} is NaN, Inf or Infinity in any case, the infinities with an optional sign */
    private static boolean isSpecialDouble(String t) {
        return specialDouble(t) != 0;
    }

    /** @return NaN, +inf or -inf for the special spellings, 0 otherwise */
    private static double specialDouble(String t) {
        int n = t.length();
        if (n < 3 || n > 9) {
            return 0;
        }
        if (n == 3 && t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        char c = t.charAt(0);
        boolean neg = c == '-';
        String u = c == '-' || c == '+' ? t.substring(1) : t;
        if (u.equalsIgnoreCase("inf") || u.equalsIgnoreCase("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    /**
     * @param text a field's text
     * @return its value as a double
     * @throws NumberFormatException if it is not a decimal or one of the special spellings
     */
    static double parseDouble(String text) {
        String t = strip(text);
        if (isDecimal(t)) {
            return Double.parseDouble(t);
        }
        double special = specialDouble(t);
        if (special != 0) {
            return special;
        }
        throw new NumberFormatException(text);
    }

    /**
     * @param text a field's text
     * @return its value as a float, rounded once from the decimal
     * @throws NumberFormatException if it is not a decimal or one of the special spellings
     */
    static float parseFloat(String text) {
        String t = strip(text);
        if (isDecimal(t)) {
            return Float.parseFloat(t);
        }
        double special = specialDouble(t);
        if (special != 0) {
            return (float) special;
        }
        throw new NumberFormatException(text);
    }

    /**
     * @param text a field's text
     * @return its value
     * @throws NumberFormatException if it is not an integer that fits 64 bits
     */
    static long parseLong(String text) {
        return Long.parseLong(strip(text));
    }

    /**
     * @param text a field's text
     * @return its value
     * @throws NumberFormatException if it is not an integer that fits 32 bits
     */
    static int parseInt(String text) {
        return Integer.parseInt(strip(text));
    }

    /**
     * @param text a field's text
     * @return its value
     * @throws InvalidArgumentException if it is not {@code true} or {@code false} (any case)
     */
    static boolean parseBoolean(String text) {
        String t = strip(text);
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidArgumentException(text);
    }

    private static boolean looksLikeDate(String t) {
        return t.length() >= 10 && t.charAt(4) == '-' && t.charAt(7) == '-' && isDigit(t.charAt(0))
            && isDigit(t.charAt(3)) && isDigit(t.charAt(5)) && isDigit(t.charAt(8));
    }

    /**
     * Parses an ISO-8601 date ({@code 2024-03-01}, midnight UTC) or date-time ({@code 2024-03-01T12:30:00}, also
     * with a space for the {@code T}, fractions of a second, and an optional offset or zone such as {@code Z},
     * {@code +01:00} or {@code [Europe/Paris]}; UTC when there is none).
     *
     * @param text a field's text
     * @return microseconds since the epoch, UTC (finer digits are truncated)
     * @throws DateTimeException if it is not such a date or date-time
     * @throws ArithmeticException if it is outside the range of 64-bit microseconds
     */
    static long parseTimestamp(String text) {
        String t = strip(text);
        if (!looksLikeDate(t)) {
            throw new DateTimeException(text);
        }
        Instant instant;
        if (t.length() == 10) {
            instant = LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        } else {
            String u = t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(u, ZonedDateTime::from,
                LocalDateTime::from);
            instant = parsed instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) parsed).toInstant(
                ZoneOffset.UTC);
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
            instant.getNano() / 1000);
    }

    /** @return the text without leading and trailing white space, the same instance when there is none */
    static String strip(String text) {
        int n = text.length();
        if (n == 0 || !Character.isWhitespace(text.charAt(0)) && !Character.isWhitespace(text.charAt(n - 1))) {
            return text;
        }
        return text.strip();
    }
}
