package dev.ember.ml.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine and JVM a run measured on, as printed above every table.
 *
 * @param cores available processors
 * @param totalMemoryBytes physical memory ({@code MemTotal}), or -1 if unknown
 * @param cpuModel the CPU model name from /proc/cpuinfo
 * @param os operating system name and version
 * @param javaRuntime the Java runtime and version
 * @param jvmArguments the JVM's arguments that shape a measurement (heap, off-heap limits, GC)
 */
public record Machine(int cores, long totalMemoryBytes, String cpuModel, String os, String javaRuntime,
                      List<String> jvmArguments) {

    /** @return this machine */
    public static Machine current() {
        List<String> args = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm") || a.startsWith("-XX:") || a.startsWith("-Dorg.bytedeco.javacpp.max")
                || a.startsWith("-Dember.")) {
                args.add(a);
            }
        }
        return new Machine(java.lang.Runtime.getRuntime().availableProcessors(), readMemTotal(), readCpuModel(),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), List.copyOf(args));
    }

    /** @return one line for the report */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s, %s%s", cores, cpuModel,
            totalMemoryBytes / (1024.0 * 1024 * 1024), os, javaRuntime,
            jvmArguments.isEmpty() ? "" : ", JVM " + String.join(" ", jvmArguments));
    }

    private static long readMemTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown CPU";
    }
}
