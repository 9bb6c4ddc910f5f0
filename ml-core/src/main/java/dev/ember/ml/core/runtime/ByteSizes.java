package dev.ember.ml.core.runtime;

import java.util.Locale;

/**
 * Byte counts for people: {@code 138836} is printed {@code 135.6 KiB}, {@code 12638035968} {@code 11.8 GiB}
 * (binary units, as {@link RuntimeConfig#parseBytes} reads {@code 8g}). What is meant for machines (JSON, MLflow
 * metrics) keeps the exact number.
 */
public final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {
    }

    /**
     * @param bytes a byte count
     * @return below 1 KiB the exact count ({@code "512 B"}), else one decimal in the largest binary unit that
     *     keeps the number at 1 or more ({@code "1.5 MiB"})
     */
    public static String format(long bytes) {
        if (bytes > -1024 && bytes < 1024) {
            return bytes + " B";
        }
        double v = Math.abs((double) bytes);
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        if (v >= 1023.95 && unit < UNITS.length - 1) {   // 1023.96 KiB would print as 1024.0 KiB
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%s%.1f %s", bytes < 0 ? "-" : "", v, UNITS[unit]);
    }
}
