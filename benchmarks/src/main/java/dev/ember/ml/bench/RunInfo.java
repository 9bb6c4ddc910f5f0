package dev.ember.ml.bench;

import java.time.Instant;

/**
 * Where and how a run measured: printed above its tables and written into RESULTS.md.
 *
 * @param machine the machine and JVM
 * @param command the command line that started the run
 * @param commit the Git commit of the sources, possibly with {@code -dirty}, or {@code unknown}
 * @param started when the run started
 * @param sparkVersion the Spark version on the classpath
 * @param options the run's options
 * @param cpuAtStart the CPU counters when the run started, to tell how much other processes used during it
 */
public record RunInfo(Machine machine, String command, String commit, Instant started, String sparkVersion,
                      BenchOptions options, CpuTicks cpuAtStart) {
}
