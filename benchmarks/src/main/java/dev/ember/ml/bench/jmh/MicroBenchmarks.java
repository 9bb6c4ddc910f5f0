package dev.ember.ml.bench.jmh;

import dev.ember.ml.bench.BenchmarkRunner;
import dev.ember.ml.bench.CpuTicks;
import dev.ember.ml.bench.Machine;
import dev.ember.ml.bench.ResultsReport;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the JMH micro-benchmarks of this package and writes their summary into the "Micro-benchmarks" section of
 * RESULTS.md (between {@code <!-- bench:family micro-benchmarks -->} and its end marker, the rest of the file
 * kept). Start it with {@code benchmarks/jmh.sh}, which sets the JVM flags the forks inherit.
 *
 * <p>Arguments: {@code --results FILE} (default {@code <benchmarks>/RESULTS.md}), {@code --no-results}; every other
 * argument goes to JMH as on its own command line ({@code -f 2 -wi 3 -i 5 -w 1s -r 1s}, a benchmark regex,
 * {@code -prof gc}, ...).
 */
public final class MicroBenchmarks {
    /** The section's family name. */
    public static final String FAMILY = "Micro-benchmarks";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);
    private static final String ALLOC = "gc.alloc.rate.norm";

    private MicroBenchmarks() {
    }

    /**
     * @param args {@code [--results FILE] [--no-results]} and JMH's own arguments
     * @throws Exception if JMH fails or the results file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path results = null;
        boolean write = true;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--no-results" -> write = false;
                default -> jmhArgs.add(args[i]);
            }
        }
        Instant started = Instant.now();
        CpuTicks cpu = CpuTicks.now();
        Collection<RunResult> runs = new Runner(new CommandLineOptions(jmhArgs.toArray(new String[0]))).run();
        double others = cpu.othersShareUntil(CpuTicks.now());
        if (runs.isEmpty()) {
            System.err.println("no benchmark ran");
            System.exit(1);
        }
        String section = section(new ArrayList<>(runs), started, others);
        System.out.println();
        System.out.println(section);
        if (write) {
            Path file = results != null ? results : home().resolve("RESULTS.md");
            ResultsReport.update(file, Map.of(FAMILY, section));
            System.out.println("updated " + file.toAbsolutePath().normalize());
        }
    }

    static String section(List<RunResult> runs, Instant started, double others) {
        runs.sort(Comparator.comparing((RunResult r) -> order(r.getParams()))
            .thenComparing(r -> r.getParams().getParam("elementType") == null ? ""
                : r.getParams().getParam("elementType"), Comparator.reverseOrder()));
        Map<String, Double> readByElement = new HashMap<>();
        for (RunResult r : runs) {
            if (method(r.getParams()).equals("BlockReadBenchmark.vectorByteBuffer")) {
                readByElement.put(r.getParams().getParam("elementType"), r.getPrimaryResult().getScore());
            }
        }
        boolean alloc = runs.stream().anyMatch(r -> r.getSecondaryResults().containsKey(ALLOC));
        BenchmarkParams first = runs.get(0).getParams();
        IterationParams warm = first.getWarmup();
        IterationParams meas = first.getMeasurement();
        String id = ResultsReport.slug(FAMILY);
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- bench:family ").append(id).append(" -->\n## ").append(FAMILY).append("\n\n");
        sb.append("Measured ").append(WHEN.format(started)).append(" at commit `")
            .append(System.getProperty(BenchmarkRunner.COMMIT_PROP, "unknown")).append("` with:\n\n    ")
            .append(System.getProperty(BenchmarkRunner.COMMAND_PROP, "java " + MicroBenchmarks.class.getName()))
            .append("\n\n");
        sb.append("- Machine: ").append(Machine.current().describe()).append(".\n");
        sb.append(fmt("- JMH %s, %s: %d forks per benchmark, %d warm-up and %d measured iterations of %s, average time "
                + "per operation, one thread. The scalar logistic benchmark's forks add `%s`.%n", first.getJmhVersion(),
            first.getVmName() + " " + first.getVmVersion(), first.getForks(), warm.getCount(), meas.getCount(),
            meas.getTime(), LossKernelBenchmark.SCALAR_FLAG));
        if (!Double.isNaN(others)) {
            sb.append(fmt("- Other processes used %.0f%% of the machine's CPU time during the run%s.%n", others * 100,
                others > 0.05 ? " (not a quiet machine: treat these times with care)" : ""));
        }
        sb.append('\n');
        sb.append(fmt("One operation is one pass over a %,d x %d row-major block (float32: %.0f MB, float64: %.0f "
                + "MB; off-heap through ND4J, as Ember's assembled features are). Kernels: one `seqOp` of the "
                + "`LossKernels` aggregator, resolved from the kernel registry as the runtime does, coefficients from "
                + "a broadcast, labels from a double column. Reads (`BlockReadBenchmark`): sums of the same block and "
                + "nothing else. Phases (`LogisticPhasesBenchmark`): the three phases of `VectorizedLogisticBlock`'s "
                + "float pass, re-stated in the benchmark (as of commit 7f00b1d) and timed one at a time over the same "
                + "block, chunk by chunk of 256 rows as the kernel runs them (a measurement aid, not Ember's code "
                + "path). "
                + "`GB/s`: the block's bytes over the time. `x read`: the time over `vectorByteBuffer`'s "
                + "(the Vector API read of the same block).%s%n%n", KernelData.ROWS, KernelData.D,
            KernelData.ROWS * KernelData.D * 4 / 1e6, KernelData.ROWS * KernelData.D * 8 / 1e6,
            alloc ? " `alloc B/op`: bytes allocated on the heap per operation (JMH's `-prof gc`): the kernels "
                + "copy the label column into a `double[]` on every call (800 KB here); anything far above that "
                + "would mean boxed vectors (a Vector API call the JIT did not intrinsify)."
                : ""));
        sb.append("| benchmark | element | path | ms / op | ± 99.9% | GB/s | ns / row | x read |");
        sb.append(alloc ? " alloc B/op |\n|---|---|---|--:|--:|--:|--:|--:|--:|\n"
            : "\n|---|---|---|--:|--:|--:|--:|--:|\n");
        for (RunResult r : runs) {
            BenchmarkParams p = r.getParams();
            String element = p.getParam("elementType") == null ? "float" : p.getParam("elementType");
            Result<?> res = r.getPrimaryResult();
            double ms = toMillis(res.getScore(), res.getScoreUnit());
            double err = toMillis(res.getScoreError(), res.getScoreUnit());
            long bytes = (long) KernelData.ROWS * KernelData.D * ("double".equals(element) ? 8 : 4);
            Double read = readByElement.get(element);
            sb.append(fmt("| `%s` | %s | %s | %.3f | %.3f | %.1f | %.1f | %s |", method(p), element, path(p), ms, err,
                bytes / (ms / 1e3) / 1e9, ms * 1e6 / KernelData.ROWS,
                read == null ? "—" : fmt("%.2f", res.getScore() / read)));
            if (alloc) {
                Result<?> a = r.getSecondaryResults().get(ALLOC);
                sb.append(a == null ? " — |" : fmt(" %,.0f |", a.getScore()));
            }
            sb.append('\n');
        }
        sb.append("\n<!-- bench:end ").append(id).append(" -->\n");
        return sb.toString();
    }

    private static String method(BenchmarkParams p) {
        String b = p.getBenchmark();
        int dot = b.lastIndexOf('.', b.lastIndexOf('.') - 1);
        return b.substring(dot + 1);
    }

    private static int order(BenchmarkParams p) {
        return switch (method(p)) {
            case "LossKernelBenchmark.binaryLogistic" -> 0;
            case "LossKernelBenchmark.binaryLogisticScalar" -> 1;
            case "LossKernelBenchmark.leastSquares" -> 2;
            case "LossKernelBenchmark.multinomial" -> 3;
            case "BlockReadBenchmark.vectorByteBuffer" -> 4;
            case "BlockReadBenchmark.vectorArray" -> 5;
            case "BlockReadBenchmark.vectorByteBufferRows" -> 6;
            case "BlockReadBenchmark.scalarByteBuffer" -> 7;
            case "LogisticPhasesBenchmark.allPhases" -> 8;
            case "LogisticPhasesBenchmark.margins" -> 9;
            case "LogisticPhasesBenchmark.marginsButterfly" -> 10;
            case "LogisticPhasesBenchmark.loss" -> 10;
            case "LogisticPhasesBenchmark.gradient" -> 11;
            case "LogisticPhasesBenchmark.allPhasesImproved" -> 12;
            case "LogisticPhasesBenchmark.marginsOverlap" -> 13;
            case "LogisticPhasesBenchmark.gradientOneSweep" -> 14;
            default -> 15;
        };
    }

    private static String path(BenchmarkParams p) {
        boolean scalarFlag = p.getJvmArgs().stream().anyMatch(a -> a.equals(LossKernelBenchmark.SCALAR_FLAG));
        return switch (method(p)) {
            case "LossKernelBenchmark.binaryLogistic", "LossKernelBenchmark.binaryLogisticScalar" ->
                scalarFlag ? "scalar `LogisticBlock`" : "Vector API `VectorizedLogisticBlock`";
            case "LossKernelBenchmark.leastSquares", "LossKernelBenchmark.multinomial" -> "scalar loops";
            case "BlockReadBenchmark.vectorByteBuffer" -> "Vector API, `fromByteBuffer`";
            case "BlockReadBenchmark.vectorArray" -> "Vector API, `fromArray` (heap copy)";
            case "BlockReadBenchmark.vectorByteBufferRows" -> "Vector API, `fromByteBuffer`, row by row";
            case "BlockReadBenchmark.scalarByteBuffer" -> "scalar `getFloat`/`getDouble`";
            case "LogisticPhasesBenchmark.allPhases" -> "the three phases of the float pass, re-stated";
            case "LogisticPhasesBenchmark.margins" -> "phase 1: per-row dot product, `reduceLanes`, scalar tail";
            case "LogisticPhasesBenchmark.marginsButterfly" -> "phase 1 with `Lanes.sum`'s butterfly (265d1d1)";
            case "LogisticPhasesBenchmark.loss" -> "phase 2: `EXP`, `LOG` in double lanes";
            case "LogisticPhasesBenchmark.gradient" -> "phase 3: column blocks over the chunk, scalar tail columns";
            case "LogisticPhasesBenchmark.allPhasesImproved" ->
                "candidate: overlapping margins, same loss, one-sweep gradient";
            case "LogisticPhasesBenchmark.marginsOverlap" ->
                "candidate phase 1: overlapping last vector, no scalar tail";
            case "LogisticPhasesBenchmark.gradientOneSweep" -> "candidate phase 3: one sweep, 4 accumulators";
            default -> "";
        };
    }

    private static double toMillis(double score, String unit) {
        return switch (unit) {
            case "ms/op" -> score;
            case "us/op" -> score / 1e3;
            case "ns/op" -> score / 1e6;
            case "s/op" -> score * 1e3;
            default -> throw new IllegalArgumentException("score unit: found " + unit + ", expected a time per op");
        };
    }

    private static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static Path home() {
        String p = System.getProperty(BenchmarkRunner.HOME_PROP);
        if (p != null) {
            return Path.of(p);
        }
        Path sub = Path.of("benchmarks");
        return Files.isDirectory(sub) ? sub : Path.of(".");
    }
}
