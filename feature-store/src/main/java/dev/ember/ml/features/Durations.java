package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations of definitions: {@code 90s}, {@code 5m}, {@code 1h}, {@code 7d}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * @param text a duration such as {@code 1h}, {@code 7d}, {@code 30d}, {@code 15m}, or ISO-8601 {@code PT1H}
     * @param what what the duration is, for the error message (e.g. {@code "view 'x' ttl"})
     * @return the duration
     * @throws InvalidArgumentException naming {@code what} if the text is not a positive duration
     */
    public static Duration parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidArgumentException(what + ": found an empty duration, expected e.g. 1h, 7d or 30d");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidArgumentException(what + ": found '" + text
                    + "', expected a duration such as 90s, 15m, 1h, 7d, 2w or PT1H");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidArgumentException(what + ": found '" + text + "', expected a positive duration");
        }
        return d;
    }

    /**
     * @param d a duration
     * @return its shortest form in the units above ({@code 7d}, {@code 36h}, {@code 90s})
     */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /**
     * @param d a duration
     * @return it in microseconds, the unit of timestamp columns
     */
    public static long micros(Duration d) {
        return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1000;
    }
}
