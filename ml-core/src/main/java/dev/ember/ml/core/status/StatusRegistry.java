package dev.ember.ml.core.status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the status page shows, in one place: fits (recorded by {@link dev.ember.ml.core.tracking.FitScope}, with
 * the plans pipelines attach), and named sections that other modules register as suppliers of JSON-able values
 * (maps, lists, records), read only when the page asks. Recording is off, and every hook a no-op, until a
 * {@link StatusServer} starts or {@link #enable()} is called. Thread-safe.
 */
public final class StatusRegistry {
    /** Fits kept after they end, newest first. */
    static final int RECENT_FITS = 50;

    private static volatile boolean enabled;
    private static final AtomicLong FIT_IDS = new AtomicLong();
    private static final ConcurrentLinkedDeque<Fit> FITS = new ConcurrentLinkedDeque<>();
    private static final Map<String, Supplier<?>> SECTIONS = new LinkedHashMap<>();
    private static final ThreadLocal<Deque<Fit>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private StatusRegistry() {
    }

    /** The state of a fit. */
    public enum FitState {
        /** Still fitting. */
        RUNNING,
        /** Returned a model. */
        SUCCEEDED,
        /** Ended by an exception. */
        FAILED
    }

    /** One fit as the page shows it; its fields change as it runs. */
    public static final class Fit {
        private final long id;
        private final String estimatorUid;
        private final String outerUid;
        private final String thread;
        private final long startedMillis;
        private volatile long endedMillis;
        private volatile FitState state = FitState.RUNNING;
        private volatile boolean succeeded;
        private volatile String plan;
        private volatile String analyzedPlan;

        Fit(long id, String estimatorUid, String outerUid) {
            this.id = id;
            this.estimatorUid = estimatorUid;
            this.outerUid = outerUid;
            this.thread = Thread.currentThread().getName();
            this.startedMillis = System.currentTimeMillis();
        }

        /** Ends the fit: succeeded if {@link StatusRegistry#fitSucceeded} was called for it, else failed. */
        public void end() {
            if (state == FitState.RUNNING) {
                endedMillis = System.currentTimeMillis();
                state = succeeded ? FitState.SUCCEEDED : FitState.FAILED;
                Deque<Fit> open = OPEN.get();
                open.remove(this);
            }
        }

        Map<String, Object> toMap(long now) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("estimator", estimatorUid);
            m.put("outer", outerUid);
            m.put("thread", thread);
            m.put("state", state.name());
            m.put("startedMillis", startedMillis);
            m.put("millis", (state == FitState.RUNNING ? now : endedMillis) - startedMillis);
            m.put("plan", plan);
            m.put("analyzedPlan", analyzedPlan);
            return m;
        }
    }

    /** Turns recording on (a status server does this). */
    public static void enable() {
        enabled = true;
    }

    /** Turns recording off and forgets the fits (sections stay registered). */
    public static void disable() {
        enabled = false;
        FITS.clear();
    }

    /** @return whether fits are recorded */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * A fit starts on this thread.
     *
     * @param estimatorUid the estimator's uid
     * @return the fit to {@link Fit#end()}, or null while recording is off
     */
    public static Fit fitStarted(String estimatorUid) {
        if (!enabled) {
            return null;
        }
        Deque<Fit> open = OPEN.get();
        Fit outer = open.peekLast();
        Fit f = new Fit(FIT_IDS.incrementAndGet(), estimatorUid, outer == null ? null : outer.estimatorUid);
        open.addLast(f);
        FITS.addFirst(f);
        trim();
        return f;
    }

    /** @param estimatorUid an estimator whose innermost open fit on this thread returned its model */
    public static void fitSucceeded(String estimatorUid) {
        Fit f = openFit(estimatorUid);
        if (f != null) {
            f.succeeded = true;
        }
    }

    /**
     * Attaches a plan to the estimator's innermost open fit on this thread.
     *
     * @param estimatorUid the estimator (a pipeline)
     * @param planText its explain output
     * @param analyzed whether it is the analyzed plan (with per-node figures) or the compiled one
     */
    public static void fitPlan(String estimatorUid, String planText, boolean analyzed) {
        Fit f = openFit(estimatorUid);
        if (f != null) {
            if (analyzed) {
                f.analyzedPlan = planText;
            } else {
                f.plan = planText;
            }
        }
    }

    private static Fit openFit(String estimatorUid) {
        if (!enabled) {
            return null;
        }
        Iterator<Fit> it = OPEN.get().descendingIterator();
        while (it.hasNext()) {
            Fit f = it.next();
            if (f.estimatorUid.equals(estimatorUid)) {
                return f;
            }
        }
        return null;
    }

    private static void trim() {
        int ended = 0;
        for (Iterator<Fit> it = FITS.iterator(); it.hasNext(); ) {
            Fit f = it.next();
            if (f.state != FitState.RUNNING && ++ended > RECENT_FITS) {
                it.remove();
            }
        }
    }

    /**
     * Registers a section of the page.
     *
     * @param name the section's name (the JSON key), for example {@code cluster}
     * @param supplier called on the page's request thread; returns maps, lists, records or scalars
     * @return closes the registration (only if it is still this supplier's)
     */
    public static AutoCloseable register(String name, Supplier<?> supplier) {
        synchronized (SECTIONS) {
            SECTIONS.put(name, supplier);
        }
        return () -> {
            synchronized (SECTIONS) {
                SECTIONS.remove(name, supplier);
            }
        };
    }

    /** @return every fit (running first, then recent) and every section, as JSON-able values */
    public static Map<String, Object> snapshot() {
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nowMillis", now);
        List<Map<String, Object>> fits = new ArrayList<>();
        for (Fit f : FITS) {
            if (f.state == FitState.RUNNING) {
                fits.add(f.toMap(now));
            }
        }
        for (Fit f : FITS) {
            if (f.state != FitState.RUNNING) {
                fits.add(f.toMap(now));
            }
        }
        out.put("fits", fits);
        List<Map.Entry<String, Supplier<?>>> sections;
        synchronized (SECTIONS) {
            sections = new ArrayList<>(SECTIONS.entrySet());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<?>> e : sections) {
            try {
                values.put(e.getKey(), e.getValue().get());
            } catch (RuntimeException ex) {
                values.put(e.getKey(), Map.of("error", String.valueOf(ex)));
            }
        }
        out.put("sections", values);
        return out;
    }
}
