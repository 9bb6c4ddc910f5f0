package dev.ember.ml.features.materialize;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.Durations;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureSource;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.JoinKey;
import dev.ember.ml.features.ViewFrames;
import dev.ember.ml.features.join.BucketSplit;
import dev.ember.ml.features.join.KeyIndex;
import dev.ember.ml.features.join.PointInTimeJoin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Materializes views interval by interval into {@link OfflineLayout}'s date-partitioned Parquet.
 *
 * <p>One interval {@code [s, e)}: the source is read (date partitions pruned to the interval and the longest
 * window before it), the view's expressions are applied on the runtime, and (1) the rows with event time in
 * {@code [s, e)} with their row-level features, and (2) for views with aggregations, one snapshot row per key with
 * events in the longest window before {@code e}, at time {@code e - 1 µs}, are written to a job directory under
 * {@code _tmp}. Only then is each file renamed atomically into its {@code date=} directory (replacing the file of
 * an earlier run of the same interval: reruns are idempotent), files of that interval no longer produced are
 * removed, and last the watermark advances. A crash at any point leaves either no file or a complete file of the
 * interval visible, and a watermark that makes the next run redo the interval.
 */
public final class Materializer {
    private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);
    private static final Duration STALE_TMP = Duration.ofHours(1);
    private final FeatureRepository repo;
    private final Runtime runtime;
    private final OfflineLayout layout;
    private final RunLog runLog;
    private final Clock clock;
    private volatile Runnable beforeRename = () -> { };

    /**
     * @param repo the definitions
     * @param runtime the runtime
     * @param layout where data and state live
     * @param clock the clock that says what "now" is (intervals ending after now are not run)
     */
    public Materializer(FeatureRepository repo, Runtime runtime, OfflineLayout layout, Clock clock) {
        this.repo = repo;
        this.runtime = runtime;
        this.layout = layout;
        this.runLog = new RunLog(layout.runLog());
        this.clock = clock;
    }

    /** @return the layout */
    public OfflineLayout layout() {
        return layout;
    }

    /** @return the run log */
    public RunLog runLog() {
        return runLog;
    }

    /** @return the definitions */
    public FeatureRepository repository() {
        return repo;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** @param hook runs after the files are written aside and before they are renamed (tests inject crashes) */
    void beforeRename(Runnable hook) {
        this.beforeRename = hook;
    }

    /**
     * @param view a view
     * @return its watermark
     */
    public Optional<Instant> watermark(FeatureView view) {
        return Watermarks.read(layout.stateDir(view));
    }

    /**
     * Backfill: every complete interval of the view's schedule covering {@code [start, end)}, in order.
     *
     * @param view the view
     * @param start the first instant
     * @param end the instant after the last
     * @return the run records
     * @throws RuntimeException from the first interval that fails (earlier intervals stay materialized)
     */
    public List<RunRecord> materialize(FeatureView view, Instant start, Instant end) {
        List<RunRecord> out = new ArrayList<>();
        for (Interval i : new Schedules(view.schedule(), view.name()).intervals(start, end, clock.instant())) {
            out.add(run(view, i, "backfill", 1));
        }
        return out;
    }

    /**
     * The intervals an incremental run covers, in time order: (1) the final run of each interval within the allowed
     * lateness before the watermark whose end + lateness has passed since its last successful run (so late rows
     * are picked up, and each interval runs at most twice: on time and final); (2) every complete interval from the
     * watermark to now.
     *
     * @param view the view
     * @return the intervals, in order
     * @throws InvalidStateException if the view has no watermark yet
     */
    public List<Interval> pendingIntervals(FeatureView view) {
        Instant wm = watermark(view).orElseThrow(() -> new InvalidStateException("feature view '" + view.name()
            + "' v" + view.version() + " has no watermark: backfill it first (ember features materialize --start"
            + " ... --end ...)"));
        Instant now = clock.instant();
        Schedules sched = new Schedules(view.schedule(), view.name());
        List<Interval> out = new ArrayList<>();
        Duration lateness = view.allowedLateness();
        if (!lateness.isZero()) {
            Instant from = wm.minus(lateness);
            java.util.Map<Interval, Instant> lastOk = new java.util.HashMap<>();
            for (RunRecord r : runLog.read()) {
                if (r.view().equals(view.name()) && r.version() == view.version()
                    && r.status().equals(RunRecord.SUCCEEDED)) {
                    lastOk.merge(r.interval(), r.finishedAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            for (Interval i : sched.intervals(from, wm, now)) {
                Instant due = i.end().plus(lateness);
                Instant ok = lastOk.get(i);
                if (i.end().isAfter(from) && ok != null && !now.isBefore(due) && ok.isBefore(due)) {
                    out.add(i);
                }
            }
        }
        out.addAll(sched.intervals(wm, now, now));
        return out;
    }

    /**
     * @param view the view
     * @return the run records of its pending intervals
     */
    public List<RunRecord> materializeIncremental(FeatureView view) {
        List<RunRecord> out = new ArrayList<>();
        for (Interval i : pendingIntervals(view)) {
            out.add(run(view, i, "incremental", 1));
        }
        return out;
    }

    /**
     * Materializes one interval and records the run.
     *
     * @param view the view
     * @param interval the interval
     * @param trigger what started the run
     * @param attempt the attempt number
     * @return the record of a successful run
     * @throws MaterializationException naming the view, interval and cause if it fails (also recorded)
     */
    public RunRecord run(FeatureView view, Interval interval, String trigger, int attempt) {
        long t0 = System.nanoTime();
        Path job = layout.tmpDir(view).resolve(interval.start().getEpochSecond() + "-" + UUID.randomUUID());
        try {
            long rows = write(view, interval, job);
            Instant wm = watermark(view).orElse(null);
            if (wm == null || !interval.start().isAfter(wm)) {
                Instant next = wm == null || interval.end().isAfter(wm) ? interval.end() : wm;
                Watermarks.write(layout.stateDir(view), next);
            }
            RunRecord r = new RunRecord(view.name(), view.version(), interval, RunRecord.SUCCEEDED, rows,
                millisSince(t0), attempt, trigger, clock.instant(), "");
            runLog.append(r);
            LOG.info("materialized view {} v{} interval {}: {} rows in {} ms", view.name(), view.version(),
                interval, rows, r.durationMillis());
            return r;
        } catch (RuntimeException e) {
            String cause = "feature view '" + view.name() + "' v" + view.version() + " interval " + interval + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            runLog.append(new RunRecord(view.name(), view.version(), interval, RunRecord.FAILED, 0,
                millisSince(t0), attempt, trigger, clock.instant(), cause));
            throw new MaterializationException(cause, e);
        } finally {
            deleteTree(job);
        }
    }

    private long write(FeatureView view, Interval interval, Path job) {
        sweepStaleTmp(view);
        long lookback = Durations.micros(view.maxWindow());
        long s = interval.startMicros();
        long e = interval.endMicros();
        LocalDate fromDay = day(s - lookback).minusDays(1);
        LocalDate toDay = day(e - 1);
        ViewFrames vf = ViewFrames.of(view, repo, runtime, new LocalDate[] {fromDay, toDay});
        List<String[]> renames = new ArrayList<>();
        long rows = 0;
        Set<Path> produced = new LinkedHashSet<>();
        if (!view.features().isEmpty()) {
            for (LocalDate d = day(s); !d.isAfter(day(e - 1)); d = d.plusDays(1)) {
                long from = Math.max(s, dayStart(d));
                long to = Math.min(e, dayStart(d.plusDays(1)));
                Frame part = rowsFrame(view, vf, from, to);
                long n = part.count();
                if (n > 0 && view.buckets() > 0) {
                    Partition[] buckets = BucketSplit.split(part, vf.keys(), view.buckets(),
                        "feature view '" + view.name() + "'");
                    for (int b = 0; b < buckets.length; b++) {
                        if (buckets[b] == null) {
                            continue;
                        }
                        Path target = OfflineLayout.file(layout.rowsDir(view), d, b, interval);
                        Path tmp = job.resolve("rows-" + d + "-" + b + ".parquet");
                        rows += buckets[b].numRows();
                        writeParquet(Frame.of(runtime, List.of(buckets[b])), tmp);
                        renames.add(new String[] {tmp.toString(), target.toString()});
                        produced.add(target);
                    }
                } else if (n > 0) {
                    Path target = OfflineLayout.file(layout.rowsDir(view), d, interval);
                    Path tmp = job.resolve("rows-" + d + ".parquet");
                    writeParquet(part, tmp);
                    renames.add(new String[] {tmp.toString(), target.toString()});
                    produced.add(target);
                    rows += n;
                }
            }
        }
        if (!view.aggregations().isEmpty()) {
            Frame snap = snapshots(view, vf, s, e);
            if (snap != null) {
                Path target = OfflineLayout.file(layout.windowsDir(view), day(e - 1), interval);
                Path tmp = job.resolve("windows.parquet");
                writeParquet(snap, tmp);
                renames.add(new String[] {tmp.toString(), target.toString()});
                produced.add(target);
                rows += snap.count();
            }
        }
        beforeRename.run();
        try {
            for (String[] r : renames) {
                Path target = Path.of(r[1]);
                Files.createDirectories(target.getParent());
                Files.move(Path.of(r[0]), target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            }
            removeStale(view, interval, produced);
        } catch (IOException ex) {
            throw new UncheckedIOException("moving files into place: " + ex.getMessage(), ex);
        }
        return rows;
    }

    private Frame rowsFrame(FeatureView view, ViewFrames vf, long from, long to) {
        List<String> cols = new ArrayList<>(vf.keys());
        List<String> names = new ArrayList<>(vf.keys());
        cols.add(view.source().eventTimestampColumn());
        names.add("event_timestamp");
        if (view.source().createdTimestampColumn() != null) {
            cols.add(view.source().createdTimestampColumn());
            names.add("created_timestamp");
        }
        for (var f : view.features()) {
            cols.add(vf.featureColumn(f));
            names.add(f.name());
        }
        Schema in = vf.frame().schema();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            fields.add(in.field(cols.get(i)).withName(names.get(i)));
        }
        return vf.frame().mapPartitions(MapCall.of(MaterializeKernels.TimeRangeSelect.class,
            MaterializeKernels.params(view.source().eventTimestampColumn(), from, to, cols.toArray(new String[0]),
                names.toArray(new String[0]))), new Schema(fields));
    }

    /** One row per key with events in the longest window before e: aggregates as of e - 1 µs. */
    private Frame snapshots(FeatureView view, ViewFrames vf, long s, long e) {
        long lookback = Durations.micros(view.maxWindow());
        Frame recent = vf.frame().mapPartitions(MapCall.of(MaterializeKernels.TimeRangeSelect.class,
            MaterializeKernels.params(view.source().eventTimestampColumn(), e - lookback, e,
                vf.keys().toArray(new String[0]), vf.keys().toArray(new String[0]))),
            vf.frame().schema().select(vf.keys()));
        Set<Object> keys = new LinkedHashSet<>();
        for (int p = 0; p < recent.numPartitions(); p++) {
            try (PartitionRef ref = recent.partition(p)) {
                Partition part = ref.partition();
                Column[] kc = KeyIndex.keyColumns(part, vf.keys(), "feature view '" + view.name() + "'");
                for (int i = 0; i < part.numRows(); i++) {
                    Object k = KeyIndex.key(kc, i);
                    if (k != null) {
                        keys.add(k);
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            return null;
        }
        List<JoinKey> jk = repo.joinKeys(view);
        List<ColumnBuilder> bs = new ArrayList<>();
        for (JoinKey k : jk) {
            bs.add(new ColumnBuilder(Field.of(k.name(), vf.frame().schema().field(k.name()).type(), false),
                keys.size()));
        }
        ColumnBuilder ts = new ColumnBuilder(Field.of("event_timestamp", DataType.TIMESTAMP, false), keys.size());
        for (Object k : keys) {
            List<?> parts = jk.size() == 1 ? List.of(k) : (List<?>) k;
            for (int i = 0; i < parts.size(); i++) {
                ColumnBuilder b = bs.get(i);
                switch (b.field().type()) {
                    case STRING -> b.appendString((String) parts.get(i));
                    case INT -> b.appendInt((int) (long) (Long) parts.get(i));
                    default -> b.appendLong((Long) parts.get(i));
                }
            }
            ts.appendLong(e - 1);
        }
        List<Column> cols = new ArrayList<>();
        bs.forEach(b -> cols.add(b.build()));
        cols.add(ts.build());
        Frame entities = Frame.ofColumns(runtime, cols.toArray(new Column[0]));
        PointInTimeJoin.EntityIndex idx = PointInTimeJoin.index(entities, vf.keys(), "event_timestamp");
        List<PointInTimeJoin.WindowOutput> outs = vf.allWindowOutputs();
        try (PointInTimeJoin.Joined j = PointInTimeJoin.windows(idx, vf.aggregationInputs(), outs,
            Math.max(1, Math.min(runtime.parallelism(), keys.size() / 1024 + 1)))) {
            return PointInTimeJoin.attach(idx, List.of(j),
                List.of(outs.stream().map(PointInTimeJoin.WindowOutput::name).toList()));
        }
    }

    private void removeStale(FeatureView view, Interval interval, Set<Path> produced) throws IOException {
        String name = "part-" + interval.start().getEpochSecond() + "-" + interval.end().getEpochSecond()
            + ".parquet";
        for (Path table : List.of(layout.rowsDir(view), layout.windowsDir(view))) {
            for (LocalDate d = day(interval.startMicros()); !d.isAfter(day(interval.endMicros() - 1));
                 d = d.plusDays(1)) {
                Path dir = table.resolve("date=" + d);
                List<Path> candidates = new ArrayList<>(List.of(dir.resolve(name)));
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> subs = Files.list(dir)) {
                        subs.filter(q -> q.getFileName().toString().startsWith("bucket=") && Files.isDirectory(q))
                            .forEach(q -> candidates.add(q.resolve(name)));
                    }
                }
                for (Path f : candidates) {
                    if (!produced.contains(f)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private void sweepStaleTmp(FeatureView view) {
        Path tmp = layout.tmpDir(view);
        if (!Files.isDirectory(tmp)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE_TMP);
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot sweep {}: {}", tmp, e.getMessage());
        }
    }

    private static void writeParquet(Frame f, Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParquetWriter.write(f, file);
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    private static LocalDate day(long micros) {
        return LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L));
    }

    private static long dayStart(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    }

    /**
     * Reads a view's materialized rows (or aggregate snapshots) as a frame.
     *
     * @param view the view
     * @param windows the aggregate snapshots instead of the row-level rows
     * @return the frame, or null if nothing is materialized
     */
    public Frame read(FeatureView view, boolean windows) {
        Path dir = windows ? layout.windowsDir(view) : layout.rowsDir(view);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        FeatureSource src = FeatureSource.parquet(dir.toString(), "event_timestamp");
        try {
            return src.read(runtime, null, null, null);
        } catch (IllegalArgumentException | InvalidArgumentException none) {
            return null;
        }
    }

}
