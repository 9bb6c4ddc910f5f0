package dev.ember.ml.bench.cluster;

import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.TreeCombiner;
import dev.ember.ml.runtime.ClusterConfig;
import dev.ember.ml.runtime.ClusterRuntime;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The tree-aggregate of a 1,000,000-double vector (8 MB, the shape of a large gradient) over 2 and 4 executor
 * JVMs on loopback, against Aeron's raw throughput between two media drivers on the same machine with the same
 * settings (UDP, MTU 65504, 64 MiB terms, 4 MiB windows).
 */
public final class TreeAggregateWorkload implements Workload {
    static final int LENGTH = 1_000_000;
    static final int ROUNDS = 10;
    static final int DEPTH = 2;
    static final String MB_MOVED = "mbMoved";
    static final String GBPS = "gbps";

    private Path file;

    @Override
    public String id() {
        return "cluster-tree-aggregate";
    }

    @Override
    public String family() {
        return ClusterFamily.NAME;
    }

    @Override
    public String title() {
        return "Tree-aggregate of a 1,000,000-double vector over executors on loopback, against raw Aeron";
    }

    @Override
    public String description() {
        return ("`treeAggregate` (depth %d) of a kernel that returns a %,d-double vector per partition (a cheap "
            + "fill, so the time is the aggregation's), over the reference Parquet file's partitions, cached; "
            + "seconds per aggregate (median of %d in a row; executors started once and kept across repetitions). Executors combine their partitions locally, send "
            + "8 MB partials to the owner of each tree node's parent in 4 MiB chunks, and the root sends the "
            + "result to the driver. `MB moved`: bytes that crossed between processes per aggregate (partials "
            + "and result). `GB/s`: MB moved over the time. Raw Aeron: one 8 MB message at a time between two "
            + "media drivers in one JVM over loopback UDP with the cluster's settings, the same bytes, no "
            + "compute.").formatted(DEPTH, LENGTH, ROUNDS);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(MB_MOVED, "MB moved", "%.0f"), new MetricColumn(GBPS, "GB/s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        file = context.parquet(SyntheticData.of(context.options().data()));
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new OnCluster(2), new OnCluster(4), new RawAeron());
    }

    /** Bytes that cross processes per aggregate: partials whose parent has another owner, plus the result. */
    static long bytesMoved(int n, int executors) {
        int[] owners = new int[n];
        for (int p = 0; p < n; p++) {
            owners[p] = (int) ((long) p * executors / n);
        }
        int scale = TreeCombiner.fanIn(n, DEPTH);
        long messages = 1;
        int size = n;
        long leavesPerNode = 1;
        while (size > 1) {
            for (int j = 0; j < size; j++) {
                int parent = j / scale;
                if (owners[(int) (j * leavesPerNode)] != owners[(int) (parent * leavesPerNode * scale)]) {
                    messages++;
                }
            }
            size = (size + scale - 1) / scale;
            leavesPerNode *= scale;
        }
        return messages * (8L * LENGTH + 4);
    }

    private final class OnCluster implements Contender {
        private final int executors;

        OnCluster(int executors) {
            this.executors = executors;
        }

        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`local-cluster[" + executors + "]`, 1 thread each";
        }

        @Override
        public Measurement run(BenchContext context) {
            ClusterRuntime rt = context.shared("cluster/tree-" + executors, ClusterRuntime.class,
                c -> ClusterRuntime.localCluster(executors, new RuntimeConfig().threads(1).cacheMaxBytes(1L << 30),
                    new ClusterConfig()));
            {
                Frame frame = ParquetReader.options().runtime(rt).read(file).select(SyntheticData.LABEL).cacheNow();
                AggregateCall<double[]> call = AggregateCall.of(ClusterBenchKernels.VectorSum.class,
                    KernelParams.builder().put("length", (long) LENGTH).build());
                frame.treeAggregate(call, DEPTH);
                double[] times = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    long t0 = System.nanoTime();
                    double[] v = frame.treeAggregate(call, DEPTH);
                    times[r] = (System.nanoTime() - t0) / 1e9;
                    if (v.length != LENGTH) {
                        throw new IllegalStateException("aggregate of length " + v.length + ", expected " + LENGTH);
                    }
                }
                java.util.Arrays.sort(times);
                double s = times[ROUNDS / 2];
                long bytes = bytesMoved(frame.numPartitions(), executors);
                frame.unpersist();
                return new Measurement(s, Map.of(MB_MOVED, bytes / 1e6, GBPS, bytes / s / 1e9));
            }
        }
    }

    /** Two embedded media drivers in this JVM, one 8 MB message at a time from one to the other. */
    private static final class RawAeron implements Contender {
        @Override
        public String system() {
            return "Aeron";
        }

        @Override
        public String variant() {
            return "raw: one 8 MB message, loopback UDP";
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            long pid = ProcessHandle.current().pid();
            Path a = Path.of("/dev/shm", "ember-benchraw-" + pid + "-a");
            Path b = Path.of("/dev/shm", "ember-benchraw-" + pid + "-b");
            int port;
            try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            String endpoint = "127.0.0.1:" + port;
            try (MediaDriver da = MediaDriver.launch(context(a)); MediaDriver db = MediaDriver.launch(context(b));
                 Aeron ca = Aeron.connect(new Aeron.Context().aeronDirectoryName(a.toString()));
                 Aeron cb = Aeron.connect(new Aeron.Context().aeronDirectoryName(b.toString()));
                 Subscription sub = cb.addSubscription("aeron:udp?endpoint=" + endpoint, 20);
                 Publication pub = ca.addPublication("aeron:udp?endpoint=" + endpoint + "|term-length=64m|mtu=65504",
                     20)) {
                while (!pub.isConnected()) {
                    Thread.onSpinWait();
                }
                int bytes = 8 * LENGTH + 4;
                UnsafeBuffer msg = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
                AtomicLong received = new AtomicLong();
                FragmentAssembler handler = new FragmentAssembler((buf, off, len, h) -> received.incrementAndGet());
                double[] times = new double[ROUNDS];
                for (int r = -1; r < ROUNDS; r++) {
                    long want = received.get() + 1;
                    long t0 = System.nanoTime();
                    while (pub.offer(msg, 0, bytes) < 0) {
                        sub.poll(handler, 64);
                    }
                    while (received.get() < want) {
                        sub.poll(handler, 64);
                    }
                    if (r >= 0) {
                        times[r] = (System.nanoTime() - t0) / 1e9;
                    }
                }
                java.util.Arrays.sort(times);
                double s = times[ROUNDS / 2];
                return new Measurement(s, Map.of(MB_MOVED, bytes / 1e6, GBPS, bytes / s / 1e9));
            } finally {
                delete(a);
                delete(b);
            }
        }

        private static MediaDriver.Context context(Path dir) {
            return new MediaDriver.Context().aeronDirectoryName(dir.toString()).dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true).threadingMode(ThreadingMode.SHARED).termBufferSparseFile(true)
                .socketRcvbufLength(4 << 20).socketSndbufLength(4 << 20).initialWindowLength(4 << 20);
        }

        private static void delete(Path p) throws IOException {
            if (Files.exists(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Override
    public String summary(List<ContenderResult> results) {
        double raw = results.get(2).medianSeconds();
        return String.format(Locale.ROOT, "One 8 MB vector takes %.1f ms over raw Aeron on loopback; a tree-aggregate "
                + "of such vectors takes %.1f ms over 2 executors and %.1f ms over 4 (the driver receives one vector "
                + "either way).", raw * 1e3, results.get(0).medianSeconds() * 1e3,
            results.get(1).medianSeconds() * 1e3);
    }
}
