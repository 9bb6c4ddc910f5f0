package dev.ember.ml.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders results as Markdown tables and keeps RESULTS.md: one section per workload family, between
 * {@code <!-- bench:family ID -->} and {@code <!-- bench:end ID -->} markers. A run rewrites the sections of the
 * families it measured and leaves the others as they were, so each family's tables always come from one run.
 */
public final class ResultsReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);
    private static final String HEADER = """
        # Benchmark results

        Ember against Spark MLlib in local mode on the synthetic workloads of DESIGN.md ("Benchmarks"), measured by
        `benchmarks/run.sh` (see `benchmarks/README.md`). Each family's section is rewritten by the run that measured
        it; the others are kept as they were. Times are medians of interleaved repetitions; `time / Ember` is a
        contender's median over the Ember baseline's (above 1: Ember is faster). `others' CPU %` is the median share
        of the machine's CPU time that other processes used during a repetition: on 2 cores, anything above a few
        percent slows the contender down.
        """;

    /** The metric the runner adds to every measurement: the % of the machine's CPU other processes used. */
    public static final String OTHERS_CPU = "othersCpuPercent";
    private static final MetricColumn OTHERS_COLUMN = new MetricColumn(OTHERS_CPU, "others' CPU %", "%.0f");

    private final RunInfo info;

    /** @param info the run */
    public ResultsReport(RunInfo info) {
        this.info = info;
    }

    /**
     * @param workload a workload
     * @param results its contenders' results, the baseline first
     * @return its Markdown table, with a title and description above and the workload's summary below; the last
     *     column is {@link #OTHERS_CPU}
     */
    public String table(Workload workload, List<ContenderResult> results) {
        return table(workload, results, true);
    }

    /**
     * @param workload a workload
     * @param results its contenders' results, the baseline first
     * @param withSummary whether to add the workload's summary (which compares the systems: not for a run of some
     *     contenders only)
     * @return its Markdown table, as {@link #table(Workload, List)}, the summary only if asked
     */
    public String table(Workload workload, List<ContenderResult> results, boolean withSummary) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(workload.title()).append("\n\n").append(workload.description().strip())
            .append("\n\n");
        List<String> headers = new ArrayList<>(List.of("system", "variant", "median s", "min–max s",
            "time / Ember"));
        List<MetricColumn> metrics = new ArrayList<>(workload.metrics());
        metrics.add(OTHERS_COLUMN);
        for (MetricColumn m : metrics) {
            headers.add(m.header());
        }
        sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            sb.append(i < 2 ? "---|" : "--:|");
        }
        sb.append('\n');
        double base = results.get(0).medianSeconds();
        for (ContenderResult r : results) {
            List<String> cells = new ArrayList<>();
            cells.add(r.contender().system());
            cells.add(r.contender().variant());
            cells.add(fmt("%.3f", r.medianSeconds()));
            cells.add(fmt("%.3f–%.3f", r.minSeconds(), r.maxSeconds()));
            cells.add(fmt("%.2f", r.medianSeconds() / base));
            for (MetricColumn m : metrics) {
                cells.add(m.render(r.medianMetric(m.key())));
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        String summary = withSummary ? workload.summary(results).strip() : "";
        if (!summary.isEmpty()) {
            sb.append('\n').append(summary).append('\n');
        }
        return sb.toString();
    }

    /** @return the lines that say where, when and how the run measured */
    public String provenance() {
        BenchOptions o = info.options();
        return "Measured " + WHEN.format(info.started()) + " at commit `" + info.commit() + "` with:\n\n"
            + "    " + info.command() + "\n\n"
            + "- Machine: " + info.machine().describe() + ".\n"
            + fmt("- Data: synthetic %s (seed %d, intercept %s), %,d rows per partition and Parquet row group.%n",
                o.data().shape(), o.data().seed(), Double.toString(o.data().intercept()), o.rowsPerPartition())
            + fmt("- %d timed repetitions per contender (median reported) after %d warm-up, contenders interleaved; "
                + "a full GC before each. Ember: in-process runtime, %d executor threads. Spark %s: local[%d], in "
                + "the same JVM.%n", o.repetitions(), o.warmups(), o.threads(), info.sparkVersion(), o.threads());
    }

    /**
     * @param family a family name
     * @param tables its tables, rendered by {@link #table}
     * @return the family's section, with its markers, the JVM's peak resident set and the CPU share other
     *     processes used, both so far
     */
    public String section(String family, List<String> tables) {
        String id = slug(family);
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- bench:family ").append(id).append(" -->\n## ").append(family).append("\n\n")
            .append(provenance());
        long peak = Memory.peakResidentBytes();
        if (peak > 0) {
            sb.append(fmt("- Peak resident set of the benchmark JVM over the whole run (Ember and Spark together): "
                + "%,d MiB.%n", peak >> 20));
        }
        double others = info.cpuAtStart().othersShareUntil(CpuTicks.now());
        if (!Double.isNaN(others)) {
            sb.append(fmt("- Other processes used %.0f%% of the machine's CPU time during the run%s.%n", others * 100,
                others > 0.05 ? " (not a quiet machine: treat these times with care)" : ""));
        }
        sb.append('\n');
        for (String t : tables) {
            sb.append(t).append('\n');
        }
        sb.append("<!-- bench:end ").append(id).append(" -->\n");
        return sb.toString();
    }

    /**
     * Rewrites the given families' sections of a results file (created if missing), keeping the rest.
     *
     * @param file the results file
     * @param sections rendered sections by family name
     * @throws IOException if the file cannot be read or written
     */
    public static void update(Path file, Map<String, String> sections) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        Map<String, String> pending = new LinkedHashMap<>(sections);
        for (Map.Entry<String, String> e : sections.entrySet()) {
            String id = slug(e.getKey());
            String begin = "<!-- bench:family " + id + " -->";
            String end = "<!-- bench:end " + id + " -->";
            int b = text.indexOf(begin);
            int f = b < 0 ? -1 : text.indexOf(end, b);
            if (b >= 0 && f >= 0) {
                int after = f + end.length();
                if (after < text.length() && text.charAt(after) == '\n') {
                    after++;
                }
                text = text.substring(0, b) + e.getValue() + text.substring(after);
                pending.remove(e.getKey());
            }
        }
        StringBuilder sb = new StringBuilder(text);
        for (String s : pending.values()) {
            if (!sb.toString().endsWith("\n\n")) {
                sb.append(sb.toString().endsWith("\n") ? "\n" : "\n\n");
            }
            sb.append(s);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param family a family name
     * @return its marker id, such as {@code data-loading}
     */
    public static String slug(String family) {
        return family.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
