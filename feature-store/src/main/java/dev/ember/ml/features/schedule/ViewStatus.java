package dev.ember.ml.features.schedule;

import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an on-call engineer watches per view: the last success, freshness (now - watermark), the success rate and
 * the p95 duration of recent runs, and the last failure (view, interval and cause).
 *
 * @param view the view's name
 * @param version its version
 * @param lastSuccess when the last successful run finished, or null
 * @param watermark the watermark, or null
 * @param freshness now - watermark, or null
 * @param runs the runs counted (the last {@link #WINDOW})
 * @param successRate succeeded / (succeeded + failed + abandoned) among them, NaN with none
 * @param p95Millis the 95th percentile of their durations (nearest rank), or -1 with none
 * @param lastError the last failure's message (naming the view, the interval and the cause), empty if none since
 *     the last success
 */
public record ViewStatus(String view, int version, Instant lastSuccess, Instant watermark, Duration freshness,
                         int runs, double successRate, long p95Millis, String lastError) {
    /** How many of the latest runs the rates count. */
    public static final int WINDOW = 100;

    /**
     * @param m the materializer (views, run log, watermarks, clock)
     * @return one status per view, by name
     */
    public static List<ViewStatus> of(Materializer m) {
        Map<String, List<RunRecord>> byView = new TreeMap<>();
        for (RunRecord r : m.runLog().read()) {
            byView.computeIfAbsent(r.view() + "@" + r.version(), k -> new ArrayList<>()).add(r);
        }
        Instant now = m.clock().instant();
        List<ViewStatus> out = new ArrayList<>();
        for (FeatureView v : new TreeMap<>(m.repository().views()).values()) {
            List<RunRecord> all = byView.getOrDefault(v.name() + "@" + v.version(), List.of());
            List<RunRecord> recent = all.subList(Math.max(0, all.size() - WINDOW), all.size());
            Instant lastSuccess = null;
            String lastError = "";
            int ok = 0;
            List<Long> durations = new ArrayList<>();
            for (RunRecord r : recent) {
                durations.add(r.durationMillis());
                if (r.status().equals(RunRecord.SUCCEEDED)) {
                    ok++;
                    lastSuccess = r.finishedAt();
                    lastError = "";
                } else {
                    lastError = r.error();
                }
            }
            durations.sort(Long::compare);
            long p95 = durations.isEmpty() ? -1
                : durations.get(Math.max(0, (int) Math.ceil(0.95 * durations.size()) - 1));
            Instant wm = m.watermark(v).orElse(null);
            out.add(new ViewStatus(v.name(), v.version(), lastSuccess, wm, wm == null ? null
                : Duration.between(wm, now), recent.size(), recent.isEmpty() ? Double.NaN
                : (double) ok / recent.size(), p95, lastError));
        }
        return out;
    }

    /**
     * @param statuses statuses
     * @return them as a table
     */
    public static String render(List<ViewStatus> statuses) {
        StringBuilder sb = new StringBuilder(String.format("%-24s %-4s %-21s %-21s %-12s %6s %8s %9s%n", "VIEW",
            "VER", "LAST SUCCESS", "WATERMARK", "FRESHNESS", "RUNS", "SUCCESS", "P95 MS"));
        for (ViewStatus s : statuses) {
            sb.append(String.format("%-24s %-4s %-21s %-21s %-12s %6d %8s %9s%n", s.view(), "v" + s.version(),
                s.lastSuccess() == null ? "never" : s.lastSuccess().toString(),
                s.watermark() == null ? "none" : s.watermark().toString(),
                s.freshness() == null ? "-" : human(s.freshness()), s.runs(),
                Double.isNaN(s.successRate()) ? "-" : String.format("%.1f%%", 100 * s.successRate()),
                s.p95Millis() < 0 ? "-" : Long.toString(s.p95Millis())));
            if (!s.lastError().isEmpty()) {
                sb.append("    last failure: ").append(s.lastError()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 0) {
            return "ahead";
        }
        if (s >= 86400) {
            return s / 86400 + "d" + (s % 86400) / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
        return s / 60 + "m" + s % 60 + "s";
    }
}
