package dev.ember.ml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sample of the machine's CPU time counters (/proc/stat) and this process's (/proc/self/stat), both in clock
 * ticks. Two samples tell how much of the machine other processes used in between: a benchmark that shared its
 * cores with a build or a test run says so in its report.
 *
 * @param busy ticks all CPUs spent not idle (user, nice, system, irq, softirq, steal)
 * @param total ticks all CPUs spent in any state
 * @param self ticks this process and its finished, waited-for children spent (user and system)
 */
public record CpuTicks(long busy, long total, long self) {

    /** @return the counters now, or a sample of -1s where /proc is not available */
    public static CpuTicks now() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15, and the
            // waited-for children's cutime 16, cstime 17 (JMH's forked JVMs are this process's children)
            String[] s = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long self = Long.parseLong(s[11]) + Long.parseLong(s[12]) + Long.parseLong(s[13])
                + Long.parseLong(s[14]);
            return new CpuTicks(busy, busy + idle + iowait, self);
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(-1, -1, -1);
        }
    }

    /**
     * @param later a later sample
     * @return the share of the machine's CPU time (all cores) that other processes used between the two
     *     samples, from 0 to 1, or NaN if unknown
     */
    public double othersShareUntil(CpuTicks later) {
        long total = later.total - this.total;
        if (this.total < 0 || later.total < 0 || total <= 0) {
            return Double.NaN;
        }
        long others = (later.busy - busy) - (later.self - self);
        return Math.max(0.0, Math.min(1.0, (double) others / total));
    }
}
