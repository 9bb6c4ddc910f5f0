package dev.ember.ml.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory readings: the JVM heap after full collections, time spent in garbage collection, and the process's
 * resident set from /proc.
 */
public final class Memory {
    /** Bytes in a mebibyte. */
    public static final double MIB = 1024.0 * 1024.0;

    private Memory() {
    }

    /**
     * Runs full collections until the used heap stops shrinking (at most a few), then reads it.
     *
     * @return heap bytes in use after collection
     */
    public static long heapUsedAfterGc() {
        long before = Long.MAX_VALUE;
        long used = heapUsed();
        for (int i = 0; i < 5 && used < before; i++) {
            before = used;
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = heapUsed();
        }
        return used;
    }

    /** @return milliseconds spent in garbage collection by this JVM so far, over every collector */
    public static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** @return heap bytes in use now */
    public static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the resident set size ({@code VmRSS}) in bytes, or -1 where /proc is not available */
    public static long residentBytes() {
        return procStatus("VmRSS:");
    }

    /** @return the peak resident set size ({@code VmHWM}) in bytes, or -1 where /proc is not available */
    public static long peakResidentBytes() {
        return procStatus("VmHWM:");
    }

    private static long procStatus(String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
