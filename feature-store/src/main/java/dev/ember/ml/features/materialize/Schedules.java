package dev.ember.ml.features.materialize;

import dev.ember.ml.core.InvalidArgumentException;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** A view's cron schedule (5-field Unix cron, UTC, parsed by cron-utils) and the data intervals it defines. */
public final class Schedules {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
        CronType.UNIX));
    private final String expression;
    private final ExecutionTime times;

    /**
     * @param cron a 5-field cron expression, e.g. {@code "0 * * * *"}
     * @param view the view, for the error message
     * @throws InvalidArgumentException naming the view if the expression is not valid
     */
    public Schedules(String cron, String view) {
        Cron c;
        try {
            c = PARSER.parse(cron).validate();
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new InvalidArgumentException("feature view '" + view + "': schedule '" + cron
                + "' is not a 5-field cron expression: " + e.getMessage(), e);
        }
        this.expression = cron;
        this.times = ExecutionTime.forCron(c);
    }

    /** @return the expression */
    public String expression() {
        return expression;
    }

    /**
     * @param t an instant
     * @return the latest fire time at or before it
     */
    public Instant fireAtOrBefore(Instant t) {
        ZonedDateTime z = ZonedDateTime.ofInstant(t, ZoneOffset.UTC);
        if (t.getNano() == 0 && t.getEpochSecond() % 60 == 0 && times.isMatch(z)) {
            return t;
        }
        return times.lastExecution(z).orElseThrow(() -> new InvalidArgumentException("schedule '" + expression
            + "' has no fire time before " + t)).toInstant();
    }

    /**
     * @param t an instant
     * @return the first fire time strictly after it
     */
    public Instant fireAfter(Instant t) {
        return times.nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)).orElseThrow(
            () -> new InvalidArgumentException("schedule '" + expression + "' has no fire time after " + t))
            .toInstant();
    }

    /**
     * The complete intervals between fire times covering {@code [from, to)}, ending no later than {@code now}.
     *
     * @param from the first instant wanted
     * @param to the instant after the last wanted
     * @param now the present: intervals ending after it are not complete and are left out
     * @return the intervals, in order
     */
    public List<Interval> intervals(Instant from, Instant to, Instant now) {
        List<Interval> out = new ArrayList<>();
        Instant s = fireAtOrBefore(from);
        while (s.isBefore(to)) {
            Instant e = fireAfter(s);
            if (e.isAfter(now)) {
                break;
            }
            out.add(new Interval(s, e));
            s = e;
        }
        return out;
    }
}
