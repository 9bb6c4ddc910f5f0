package dev.ember.ml.core.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.observe.FitTrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link Tracking#onFit} logs, and to which run. */
final class FitLogger {
    /** MLflow's limit on a param value's length. */
    static final int MAX_PARAM_VALUE = 6000;
    /** MLflow's limit on a key's length. */
    static final int MAX_KEY = 250;
    private static final int MAX_PENDING = 256;
    private static final int EXAMPLE_ROWS = 5;
    private static final ThreadLocal<List<Fitted>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    private FitLogger() {
    }

    /** A fit made inside another, kept until the outer fit logs it, with the end times of its iterations. */
    private record Fitted(Estimator<?> estimator, Model model, long[] iterationTimes) {
    }

    static void onFit(Estimator<?> estimator, Model model, Frame frame) {
        Tracking.Active active = Tracking.topForFit();
        if (active == null && !Tracking.isAutologEnabled()) {
            return;
        }
        if (FitNesting.insideOuterFit(estimator.uid(), active == null ? 0 : active.originDepth())) {
            List<Fitted> pending = PENDING.get();
            if (pending.size() >= MAX_PENDING) {
                pending.remove(0);
            }
            pending.add(new Fitted(estimator, model, FitNesting.iterationTimes(estimator.uid())));
            return;
        }
        List<Fitted> children = takeChildren(estimator, model);
        Run run = active == null ? null : active.run();
        boolean own = run == null;
        if (own) {
            run = Tracking.newRun().parent(null).name(simpleName(estimator)).tag("ember.autolog", "true").start();
        }
        try {
            log(run, new Fitted(estimator, model, FitNesting.iterationTimes(estimator.uid())), frame, children);
        } finally {
            if (own) {
                run.close();
            }
        }
    }

    /**
     * The fits made since this one started (its stages); older leftovers are dropped. The outer fit started when its
     * {@link FitScope} opened (a pipeline records its provenance after its stages' fits, so its provenance's start
     * is later than theirs), else at its provenance's start.
     */
    private static List<Fitted> takeChildren(Estimator<?> estimator, Model model) {
        List<Fitted> pending = PENDING.get();
        if (pending.isEmpty()) {
            return List.of();
        }
        long opened = FitNesting.openedAt(estimator.uid());
        Provenance p = model.provenance();
        long since = opened >= 0 ? opened : p != null && p.startedAt() != null ? p.startedAt().toEpochMilli()
            : Long.MIN_VALUE;
        List<Fitted> out = new ArrayList<>();
        for (Fitted f : pending) {
            Provenance q = f.model().provenance();
            if (q == null || q.startedAt() == null || q.startedAt().toEpochMilli() >= since) {
                out.add(f);
            }
        }
        pending.clear();
        return out;
    }

    private static void log(Run run, Fitted fit, Frame frame, List<Fitted> children) {
        Estimator<?> estimator = fit.estimator();
        Model model = fit.model();
        int n = run.nextFitIndex();
        String prefix = n == 1 ? "" : run.uniquePrefix(simpleName(estimator)) + ".";
        String artifactPath = n == 1 ? "model" : "model_" + n;
        long now = System.currentTimeMillis();
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        List<MetricPoint> metrics = new ArrayList<>();
        describe(prefix, fit, now, params, metrics);
        provenanceTags(prefix, estimator, model, tags);
        Map<String, Integer> names = new HashMap<>();
        List<String> stages = new ArrayList<>();
        for (Fitted c : children) {
            String base = simpleName(c.estimator());
            int k = names.merge(base, 1, Integer::sum);
            String stage = k == 1 ? base : base + "_" + k;
            stages.add(stage + "=" + c.estimator().uid());
            describe(prefix + stage + ".", c, now, params, metrics);
        }
        if (!stages.isEmpty()) {
            tags.put(prefix + "ember.stages", String.join(",", stages));
        }
        observability(prefix, now, metrics, tags);
        run.log(metrics, withoutConflicts(run, params), tags);
        Provenance p = model.provenance();
        if (frame != null && p != null && p.data() != null) {
            run.logInput(TrainingData.of(frame, p.data()));
        }
        Schema input = frame == null ? null : modelInputs(model, frame.schema());
        Schema output = frame == null ? null : outputs(model, frame.schema());
        run.logModel(new ModelArtifact(model, artifactPath, input, output, example(frame, input)));
    }

    /**
     * The fit's ids as run tags ({@code ember.fitId}, {@code ember.traceId}: the ids in every log line and task of
     * the fit) and its runtime figures as MLflow system metrics ({@code system/ember_...}).
     */
    private static void observability(String prefix, long now, List<MetricPoint> metrics, Map<String, String> tags) {
        FitTrace t = FitTrace.current();
        if (t == null) {
            return;
        }
        tags.put(prefix + "ember.fitId", t.fitId());
        tags.put(prefix + "ember.traceId", t.traceId());
        for (Map.Entry<String, Double> m : t.stats().asSystemMetrics(t.elapsedSeconds()).entrySet()) {
            String name = prefix.isEmpty() ? m.getKey() : "system/" + prefix + m.getKey().substring(7);
            metrics.add(new MetricPoint(key(name), m.getValue(), now, 0));
        }
    }

    /**
     * The columns of the training frame the model reads, for its signature and input example: those without which
     * {@code transformSchema} fails (so not the label, the weights or columns nothing uses). The whole schema if the
     * model needs none of them by that test, or cannot transform the training schema at all.
     */
    static Schema modelInputs(Model model, Schema schema) {
        try {
            model.transformSchema(schema);
        } catch (RuntimeException e) {
            return schema;
        }
        List<Field> needed = new ArrayList<>();
        for (Field f : schema) {
            List<Field> without = new ArrayList<>();
            for (Field g : schema) {
                if (g != f) {
                    without.add(g);
                }
            }
            try {
                model.transformSchema(new Schema(without));
            } catch (RuntimeException missing) {
                needed.add(f);
            }
        }
        return needed.isEmpty() ? schema : new Schema(needed);
    }

    private static void describe(String prefix, Fitted fit, long now, Map<String, String> params,
                                 List<MetricPoint> metrics) {
        Model model = fit.model();
        Provenance p = model.provenance();
        long end = now;
        if (p != null) {
            flatten(prefix, p.params(), params);
            if (p.startedAt() != null) {
                end = p.startedAt().toEpochMilli() + p.wallTimeMillis();
            }
            for (Map.Entry<String, Double> m : p.metrics().entrySet()) {
                metrics.add(new MetricPoint(key(prefix + m.getKey()), m.getValue(), end, 0));
            }
            metrics.add(new MetricPoint(key(prefix + "wallTimeMillis"), p.wallTimeMillis(), end, 0));
        }
        if (model instanceof HasObjectiveHistory h) {
            double[] history = h.objectiveHistory();
            if (history != null) {
                long[] times = lossTimes(history.length, fit.iterationTimes(), p, end);
                for (int i = 0; i < history.length; i++) {
                    metrics.add(new MetricPoint(key(prefix + "loss"), history[i], times[i], i));
                }
            }
        }
    }

    /**
     * When each loss point was measured: the times the fit's iterations ended ({@link Tracking#markIteration}),
     * the last {@code n} of them when the optimizer marked as many or more (a fit in two phases joins their
     * histories); else spread evenly over the fit's wall time, from its start to its end.
     */
    static long[] lossTimes(int n, long[] marked, Provenance p, long end) {
        long[] out = new long[n];
        if (marked.length >= n) {
            System.arraycopy(marked, marked.length - n, out, 0, n);
            return out;
        }
        long start = p != null && p.startedAt() != null ? p.startedAt().toEpochMilli() : end;
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? end : start + Math.round((double) (end - start) * i / (n - 1));
        }
        return out;
    }

    private static void provenanceTags(String prefix, Estimator<?> estimator, Model model,
                                       Map<String, String> tags) {
        tags.put(prefix + "ember.estimator", estimator.getClass().getName());
        tags.put(prefix + "ember.estimator.uid", estimator.uid());
        tags.put(prefix + "ember.model", model.getClass().getName());
        Provenance p = model.provenance();
        if (p == null) {
            return;
        }
        tags.put(prefix + "ember.version", p.emberVersion());
        tags.put(prefix + "ember.java", p.javaVersion());
        tags.put(prefix + "ember.os", p.os());
        if (p.data() != null) {
            tags.put(prefix + "ember.data.schemaHash", p.data().schemaHash());
            tags.put(prefix + "ember.data.rowCount", Long.toString(p.data().rowCount()));
            tags.put(prefix + "ember.data.contentHash", p.data().contentHash());
        }
        if (p.seed() != null) {
            tags.put(prefix + "ember.seed", Long.toString(p.seed()));
        }
        if (p.startedAt() != null) {
            tags.put(prefix + "ember.fit.startedAt", p.startedAt().toString());
        }
    }

    /** Drops params the run already has with the same value; a different value is skipped with a warning. */
    private static Map<String, String> withoutConflicts(Run run, Map<String, String> params) {
        Map<String, String> logged = run.params();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String old = logged.get(e.getKey());
            if (old == null) {
                out.put(e.getKey(), e.getValue());
            } else if (!old.equals(e.getValue())) {
                Tracking.warnOnce("param '" + e.getKey() + "' of run " + run.safeId() + " was logged as '" + old
                    + "' before this fit, which used '" + e.getValue() + "'; kept the first value",
                    new InvalidArgumentException("params cannot change"));
            }
        }
        return out;
    }

    /**
     * Flattens a JSON object into MLflow params: nested objects join keys with dots, arrays and other values are
     * their JSON text (strings unquoted), values are cut to MLflow's 6000 characters.
     *
     * @param prefix prepended to every key
     * @param node a JSON object
     * @param out where to put the params
     */
    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isObject() && v.size() > 0) {
                    flatten(prefix + e.getKey() + ".", v, out);
                } else {
                    out.put(key(prefix + e.getKey()), value(v));
                }
            }
        } else if (!prefix.isEmpty()) {
            out.put(key(prefix.substring(0, prefix.length() - 1)), value(node));
        }
    }

    private static String value(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.isNull() ? "null" : v.toString();
        return s.length() > MAX_PARAM_VALUE ? s.substring(0, MAX_PARAM_VALUE) : s;
    }

    private static String key(String k) {
        return k.length() > MAX_KEY ? k.substring(0, MAX_KEY) : k;
    }

    private static Schema outputs(Model model, Schema input) {
        if (input == null) {
            return null;
        }
        try {
            Schema out = model.transformSchema(input);
            List<Field> added = new ArrayList<>();
            for (Field f : out) {
                if (!input.contains(f.name())) {
                    added.add(f);
                }
            }
            return new Schema(added);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static InputExample example(Frame frame, Schema inputs) {
        if (frame == null || !Tracking.inputExampleEnabled()) {
            return null;
        }
        try {
            Frame f = inputs.size() == frame.schema().size() ? frame
                : frame.select(inputs.names().toArray(String[]::new));
            return InputExample.of(f, EXAMPLE_ROWS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String simpleName(Object o) {
        String s = o.getClass().getSimpleName();
        return s.isEmpty() ? "Estimator" : s;
    }
}
