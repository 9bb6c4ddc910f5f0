package dev.ember.ml.bench;

import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.LocalSpark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the workloads, each contender repeated and interleaved with the others (Ember, Spark, Ember, Spark, ...)
 * after warm-ups, prints a Markdown table per workload and rewrites the measured families' sections of
 * RESULTS.md. Start it with {@code benchmarks/run.sh}, which sets the JVM flags Spark and ND4J need.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ember vs Spark MLlib local mode on the synthetic workloads of DESIGN.md.")
public final class BenchmarkRunner implements Callable<Integer> {
    /** System property: the benchmarks module directory (set by run.sh); defaults for data and results. */
    public static final String HOME_PROP = "bench.home";
    /** System property: the command line to record in RESULTS.md (set by run.sh). */
    public static final String COMMAND_PROP = "bench.command";
    /** System property: the Git commit of the sources (set by run.sh). */
    public static final String COMMIT_PROP = "bench.commit";

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--rows", description = "rows of the synthetic data set (default: ${DEFAULT-VALUE})")
    long rows = SyntheticData.Spec.REFERENCE.rows();

    @Option(names = "--features", description = "features D (default: ${DEFAULT-VALUE})")
    int features = SyntheticData.Spec.REFERENCE.features();

    @Option(names = "--seed", description = "data seed (default: ${DEFAULT-VALUE})")
    long seed = SyntheticData.Spec.REFERENCE.seed();

    @Option(names = "--intercept", description = "true intercept b (default: ${DEFAULT-VALUE})")
    double intercept = SyntheticData.Spec.REFERENCE.intercept();

    @Option(names = "--rows-per-partition",
        description = "rows per partition and row group, a multiple of 65536 (default: ${DEFAULT-VALUE})")
    int rowsPerPartition = SyntheticData.DEFAULT_ROWS_PER_PARTITION;

    @Option(names = "--threads", description = "Ember executor threads and Spark local[N] (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--reps", description = "timed repetitions per contender (default: ${DEFAULT-VALUE})")
    int repetitions = 3;

    @Option(names = "--warmups", description = "warm-up repetitions per contender (default: ${DEFAULT-VALUE})")
    int warmups = 1;

    @Option(names = "--data-dir", description = "cache of generated data files (default: <benchmarks>/target/"
        + "bench-data)")
    Path dataDir;

    @Option(names = "--workloads", split = ",", description = "workload ids to run (default: all)")
    List<String> workloadIds = new ArrayList<>();

    @Option(names = "--results", description = "results file to update (default: <benchmarks>/RESULTS.md)")
    Path results;

    @Option(names = "--no-results", description = "print the tables only, do not update the results file")
    boolean noResults;

    @Option(names = "--systems", split = ",", description = "run only the contenders of these systems (e.g. Ember),"
        + " for profiling and iterating; needs --no-results, since a table without its peers is no result")
    List<String> systems = new ArrayList<>();

    @Option(names = "--list", description = "list the workloads and exit")
    boolean list;

    /**
     * @param args command-line arguments; {@code --help} lists them
     */
    public static void main(String[] args) {
        int code = new CommandLine(new BenchmarkRunner()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            for (Workload w : Workloads.all()) {
                System.out.printf(Locale.ROOT, "%-16s %s: %s%n", w.id(), w.family(), w.title());
            }
            return 0;
        }
        if (!systems.isEmpty() && !noResults) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(),
                "--systems runs only some contenders: add --no-results");
        }
        Path home = home();
        BenchOptions options = new BenchOptions(new SyntheticData.Spec(rows, features, seed, intercept),
            rowsPerPartition, threads, repetitions, warmups,
            dataDir != null ? dataDir : home.resolve("target").resolve("bench-data"), workloadIds);
        List<Workload> workloads = Workloads.select(options.workloads());
        String command = System.getProperty(COMMAND_PROP);
        if (command == null) {
            command = ("java " + BenchmarkRunner.class.getName() + " "
                + String.join(" ", commandSpec.commandLine().getParseResult().originalArgs())).strip();
        }
        RunInfo info = new RunInfo(Machine.current(), command, System.getProperty(COMMIT_PROP, "unknown"),
            Instant.now(), LocalSpark.version(), options, CpuTicks.now());
        ResultsReport report = new ResultsReport(info);
        System.out.println(report.provenance());

        Map<String, List<String>> tablesByFamily = new LinkedHashMap<>();
        try (BenchContext context = new BenchContext(options)) {
            for (int i = 0; i < workloads.size(); i++) {
                Workload w = workloads.get(i);
                List<ContenderResult> res = run(w, context, systems);
                String table = report.table(w, res, systems.isEmpty());
                System.out.println(table);
                tablesByFamily.computeIfAbsent(w.family(), k -> new ArrayList<>()).add(table);
                if (i + 1 == workloads.size() || !workloads.get(i + 1).family().equals(w.family())) {
                    context.releaseShared();
                }
            }
        }
        LOG.info("peak resident set of this JVM: {} MiB", Memory.peakResidentBytes() >> 20);
        double others = info.cpuAtStart().othersShareUntil(CpuTicks.now());
        if (others > 0.05) {
            LOG.warn("other processes used {}% of the CPU during the run: the times are not from a quiet machine",
                Math.round(others * 100));
        }

        if (!noResults) {
            Path file = results != null ? results : home.resolve("RESULTS.md");
            Map<String, String> sections = new LinkedHashMap<>();
            tablesByFamily.forEach((family, tables) -> sections.put(family, report.section(family, tables)));
            ResultsReport.update(file, sections);
            LOG.info("updated {}", file.toAbsolutePath().normalize());
        }
        return 0;
    }

    private static List<ContenderResult> run(Workload w, BenchContext context, List<String> systems)
        throws Exception {
        LOG.info("workload {}: setting up", w.id());
        w.setUp(context);
        List<Contender> contenders = w.contenders().stream()
            .filter(c -> systems.isEmpty() || systems.stream().anyMatch(s -> s.equalsIgnoreCase(c.system())))
            .toList();
        if (contenders.isEmpty()) {
            throw new IllegalArgumentException("workload " + w.id() + " has no contender of the systems " + systems);
        }
        BenchOptions o = context.options();
        for (int i = 0; i < o.warmups(); i++) {
            for (Contender c : contenders) {
                Measurement m = once(c, context);
                LOG.info("{} warm-up {}: {} {}: {} s", w.id(), i + 1, c.system(), c.variant(), secs(m.seconds()));
            }
        }
        if (systems.isEmpty()) {
            w.verify(context);
        } else {
            // verify and the summary compare the systems: with some of them left out there is nothing to compare
            LOG.info("{}: --systems {} ran some contenders only, the cross-system checks are skipped", w.id(),
                systems);
        }
        List<List<Measurement>> runs = new ArrayList<>();
        for (int k = 0; k < contenders.size(); k++) {
            runs.add(new ArrayList<>());
        }
        for (int i = 0; i < o.repetitions(); i++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender c = contenders.get(k);
                Measurement m = once(c, context);
                runs.get(k).add(m);
                LOG.info("{} rep {}/{}: {} {}: {} s {}", w.id(), i + 1, o.repetitions(), c.system(), c.variant(),
                    secs(m.seconds()), m.metrics());
            }
        }
        List<ContenderResult> out = new ArrayList<>();
        for (int k = 0; k < contenders.size(); k++) {
            out.add(new ContenderResult(contenders.get(k), runs.get(k)));
        }
        return out;
    }

    /** One repetition after a full GC, with the share of the CPU other processes used meanwhile added. */
    private static Measurement once(Contender c, BenchContext context) throws Exception {
        Memory.heapUsedAfterGc();
        CpuTicks before = CpuTicks.now();
        Measurement m = c.run(context);
        double others = before.othersShareUntil(CpuTicks.now());
        if (Double.isNaN(others)) {
            return m;
        }
        Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
        metrics.put(ResultsReport.OTHERS_CPU, others * 100);
        return new Measurement(m.seconds(), metrics);
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** The benchmarks module directory: the {@code bench.home} property, else ./benchmarks, else the cwd. */
    private static Path home() {
        String p = System.getProperty(HOME_PROP);
        if (p != null) {
            return Path.of(p);
        }
        Path sub = Path.of("benchmarks");
        return Files.isDirectory(sub) ? sub : Path.of(".");
    }
}
