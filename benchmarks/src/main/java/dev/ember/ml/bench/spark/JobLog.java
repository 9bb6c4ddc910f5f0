package dev.ember.ml.bench.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Records the Spark jobs that run while it is open, with their call sites (Spark names a job's stages after the
 * first frame outside Spark core, such as {@code treeAggregate at RDDLossFunction.scala:61}) and durations. Spark
 * ML's summaries count iterations but not passes over the data; each evaluation of an L-BFGS loss in Spark ML is
 * one {@code treeAggregate} job of {@code RDDLossFunction}, so counting those jobs counts the evaluations.
 *
 * <pre>
 *   try (JobLog log = JobLog.open(spark)) {
 *       model = lr.fit(df);
 *       int evaluations = log.count("RDDLossFunction");
 *   }
 * </pre>
 */
public final class JobLog implements AutoCloseable {
    private static final long WAIT_MILLIS = 60_000;
    private final SparkContext sc;
    private final Listener listener = new Listener();

    private JobLog(SparkContext sc) {
        this.sc = sc;
        sc.addSparkListener(listener);
    }

    /**
     * @param spark a session
     * @return a log of the jobs that start from now until it is closed
     */
    public static JobLog open(SparkSession spark) {
        return new JobLog(spark.sparkContext());
    }

    /** A finished or running job. */
    private record Job(String callSite, long startMillis, long endMillis) {
    }

    private static final class Listener extends SparkListener {
        private final Map<Integer, Job> jobs = new LinkedHashMap<>();

        @Override
        public synchronized void onJobStart(SparkListenerJobStart start) {
            String site = "";
            List<StageInfo> stages = scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos());
            int last = -1;
            for (StageInfo s : stages) {
                if (s.stageId() > last) {
                    last = s.stageId();
                    site = s.name();
                }
            }
            jobs.put(start.jobId(), new Job(site, start.time(), -1));
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd end) {
            Job j = jobs.get(end.jobId());
            if (j != null) {
                jobs.put(end.jobId(), new Job(j.callSite(), j.startMillis(), end.time()));
            }
        }

        synchronized List<Job> snapshot() {
            return new ArrayList<>(jobs.values());
        }
    }

    private List<Job> jobs() {
        // listener events arrive on Spark's listener-bus thread: wait until it has delivered what happened so far
        try {
            sc.listenerBus().waitUntilEmpty(WAIT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in " + WAIT_MILLIS + " ms", e);
        }
        return listener.snapshot();
    }

    /**
     * @param callSiteMarker a substring of the call site, such as {@code RDDLossFunction}
     * @return the jobs so far whose call site contains it
     */
    public int count(String callSiteMarker) {
        int n = 0;
        for (Job j : jobs()) {
            if (j.callSite().contains(callSiteMarker)) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param callSiteMarker a substring of the call site
     * @return the summed wall-clock milliseconds of the finished jobs so far whose call site contains it
     */
    public long millis(String callSiteMarker) {
        long sum = 0;
        for (Job j : jobs()) {
            if (j.callSite().contains(callSiteMarker) && j.endMillis() >= 0) {
                sum += j.endMillis() - j.startMillis();
            }
        }
        return sum;
    }

    /** @return the number of jobs so far by call site, in order of first appearance */
    public Map<String, Integer> countsByCallSite() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Job j : jobs()) {
            out.merge(j.callSite(), 1, Integer::sum);
        }
        return out;
    }

    /** Stops recording. */
    @Override
    public void close() {
        sc.removeSparkListener(listener);
    }
}
