package dev.ember.ml.features.materialize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One materialization run of one interval of one view.
 *
 * @param view the view's name
 * @param version its version
 * @param interval the data interval
 * @param status {@code succeeded}, {@code failed} or {@code abandoned}
 * @param rows the rows written (0 unless succeeded)
 * @param durationMillis wall time of the run
 * @param attempt 1 for the first try, then retries
 * @param trigger {@code backfill}, {@code incremental} or {@code schedule}
 * @param finishedAt when it ended
 * @param error the cause of a failure (view, interval and message), empty otherwise
 */
public record RunRecord(String view, int version, Interval interval, String status, long rows, long durationMillis,
                        int attempt, String trigger, Instant finishedAt, String error) {
    /** Status of a run that wrote its interval. */
    public static final String SUCCEEDED = "succeeded";
    /** Status of a run that failed. */
    public static final String FAILED = "failed";
    /** Status of a run given up at shutdown (nothing visible was written; the interval runs again). */
    public static final String ABANDONED = "abandoned";

    /** @return the record as one JSON object */
    ObjectNode toJson(ObjectMapper m) {
        ObjectNode n = m.createObjectNode();
        n.put("view", view).put("version", version).put("start", interval.start().toString())
            .put("end", interval.end().toString()).put("status", status).put("rows", rows)
            .put("duration_ms", durationMillis).put("attempt", attempt).put("trigger", trigger)
            .put("finished_at", finishedAt.toString()).put("error", error);
        return n;
    }

    static RunRecord fromJson(JsonNode n) {
        return new RunRecord(n.get("view").asText(), n.get("version").asInt(),
            new Interval(Instant.parse(n.get("start").asText()), Instant.parse(n.get("end").asText())),
            n.get("status").asText(), n.get("rows").asLong(), n.get("duration_ms").asLong(),
            n.get("attempt").asInt(), n.get("trigger").asText(), Instant.parse(n.get("finished_at").asText()),
            n.path("error").asText(""));
    }
}
