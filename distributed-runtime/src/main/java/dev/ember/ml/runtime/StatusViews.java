package dev.ember.ml.runtime;

import dev.ember.ml.core.runtime.CacheStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the driver's executors and rounds look on the status page ({@code dev.ember.ml.core.status}): JSON-able
 * maps, built on the driver's agent thread from its own state.
 */
final class StatusViews {
    private StatusViews() {
    }

    /**
     * @param m an executor
     * @param state live, joining, lost or excluded
     * @param now the driver's clock
     * @return its id, address, process, heartbeat age, running tasks and cache
     */
    static Map<String, Object> executor(DriverAgent.Member m, String state, long now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id);
        v.put("state", state);
        v.put("endpoint", m.endpoint);
        v.put("host", m.host);
        v.put("pid", m.pid);
        v.put("threads", m.threads);
        v.put("heartbeatAgeMillis", TimeUnit.NANOSECONDS.toMillis(now - m.lastSeenNs));
        v.put("runningTasks", m.inFlight.size());
        CacheStats s = m.stats;
        v.put("cacheUsedBytes", s.usedBytes());
        v.put("cacheMaxBytes", s.maxBytes());
        v.put("cachedPartitions", s.cachedPartitions());
        return v;
    }

    /**
     * @param roundId the round
     * @param kernel its kernel class
     * @param attempt its attempt
     * @param state queued, running, succeeded or failed
     * @param startedNs when it was submitted (driver clock)
     * @param error the failure's message, or null
     * @param t its current attempt's tasks, or null before the launch
     * @param now the driver's clock
     * @return the round with a line per task: state, executor, kernel time (or time so far), rows, speculation
     */
    static Map<String, Object> round(long roundId, String kernel, long attempt, String state, long startedNs,
                                     String error, AttemptTasks t, long now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", roundId);
        v.put("kernel", kernel);
        v.put("attempt", Math.max(0, attempt));
        v.put("state", state);
        v.put("millis", TimeUnit.NANOSECONDS.toMillis(now - startedNs));
        v.put("error", error);
        v.put("medianMillis", t == null || t.medianNanos() < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(t.medianNanos()));
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int p = 0; t != null && p < t.size(); p++) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("partition", p);
            if (t.nanos(p) >= 0) {
                k.put("state", "finished");
                k.put("executor", t.finishedBy(p));
                k.put("millis", TimeUnit.NANOSECONDS.toMillis(t.nanos(p)));
                k.put("rows", t.rows(p));
                k.put("speculative", t.wonBySpeculation(p));
            } else {
                k.put("state", t.started(p) ? "running" : "queued");
                k.put("executor", t.owner(p));
                k.put("millis", t.started(p) ? TimeUnit.NANOSECONDS.toMillis(now - t.startedNs(p)) : 0);
                k.put("rows", -1);
                k.put("speculative", false);
            }
            k.put("copyOn", t.copyOn(p));
            tasks.add(k);
        }
        v.put("tasks", tasks);
        return v;
    }
}
