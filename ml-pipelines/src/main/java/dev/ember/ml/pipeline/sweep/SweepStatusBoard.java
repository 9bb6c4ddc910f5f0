package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.status.StatusRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * The sweeps section of the status page ({@link StatusRegistry}): running and recent sweeps with their trials
 * by state and best value. A sweep is recorded only while a status page is served.
 */
final class SweepStatusBoard {
    private static final int RECENT = 20;
    private static final ConcurrentLinkedDeque<Entry> SWEEPS = new ConcurrentLinkedDeque<>();

    static {
        StatusRegistry.register("sweeps", SweepStatusBoard::view);
    }

    private SweepStatusBoard() {
    }

    /** One sweep: its figures come from a snapshot the sweep takes under its own lock. */
    static final class Entry {
        final String name;
        final long startedMillis = System.currentTimeMillis();
        final Supplier<Map<String, Object>> figures;
        volatile String state = "running";
        volatile long endedMillis;

        Entry(String name, Supplier<Map<String, Object>> figures) {
            this.name = name;
            this.figures = figures;
        }

        /** @param reason why the sweep stopped */
        void finished(String reason) {
            endedMillis = System.currentTimeMillis();
            state = "finished (" + reason + ")";
        }
    }

    /**
     * @param name the sweep's name
     * @param figures trials by state and the best value, taken under the sweep's lock
     * @return the entry to finish, or null while no page is served
     */
    static Entry started(String name, Supplier<Map<String, Object>> figures) {
        if (!StatusRegistry.enabled()) {
            return null;
        }
        Entry e = new Entry(name, figures);
        SWEEPS.addFirst(e);
        while (SWEEPS.size() > RECENT) {
            SWEEPS.removeLast();
        }
        return e;
    }

    private static List<Map<String, Object>> view() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : SWEEPS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sweep", e.name);
            m.put("state", e.state);
            m.put("millis", (e.endedMillis == 0 ? now : e.endedMillis) - e.startedMillis);
            m.putAll(e.figures.get());
            out.add(m);
        }
        return out;
    }
}
