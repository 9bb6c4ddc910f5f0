package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import java.lang.management.ManagementFactory;

/**
 * Configuration of a runtime, in the style of Aeron's {@code Context}: fluent setters, defaults from system
 * properties named by the constants here, and {@link #conclude()} to fill defaults and fail fast.
 */
public final class RuntimeConfig {
    /** System property: the off-heap cache budget in bytes (suffixes k, m, g accepted). */
    public static final String CACHE_MAX_BYTES_PROP = "ember.cache.maxBytes";
    /** System property: executor threads of the in-process runtime. */
    public static final String THREADS_PROP = "ember.executor.threads";

    private int threads;
    private long cacheMaxBytes;

    /** @return executor threads (0 until concluded means "one per core") */
    public int threads() {
        return threads;
    }

    /**
     * @param threads executor threads, at least 1
     * @return this
     */
    public RuntimeConfig threads(int threads) {
        this.threads = threads;
        return this;
    }

    /** @return the cache budget in bytes (0 until concluded means "from the property or half the memory") */
    public long cacheMaxBytes() {
        return cacheMaxBytes;
    }

    /**
     * @param bytes the off-heap cache budget
     * @return this
     */
    public RuntimeConfig cacheMaxBytes(long bytes) {
        this.cacheMaxBytes = bytes;
        return this;
    }

    /**
     * Fills defaults and validates.
     *
     * @return this
     * @throws InvalidArgumentException for a negative or malformed setting
     */
    public RuntimeConfig conclude() {
        if (threads == 0) {
            String p = System.getProperty(THREADS_PROP);
            threads = p != null ? Integer.parseInt(p.trim()) : java.lang.Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw new InvalidArgumentException("executor threads: found " + threads + ", expected >= 1");
        }
        if (cacheMaxBytes == 0) {
            String p = System.getProperty(CACHE_MAX_BYTES_PROP);
            cacheMaxBytes = p != null ? parseBytes(CACHE_MAX_BYTES_PROP, p) : defaultCacheBytes();
        }
        if (cacheMaxBytes < 0) {
            throw new InvalidArgumentException(CACHE_MAX_BYTES_PROP + ": found " + cacheMaxBytes + ", expected >= 0");
        }
        return this;
    }

    /**
     * @param what the setting's name, for the message
     * @param text a byte count such as {@code 512m}, {@code 2g} or {@code 1048576}
     * @return the bytes
     */
    public static long parseBytes(String what, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) * mult;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(what + ": found '" + text + "', expected a byte count such as 512m",
                e);
        }
    }

    private static long defaultCacheBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 2;
        }
        return 1L << 30;
    }
}
