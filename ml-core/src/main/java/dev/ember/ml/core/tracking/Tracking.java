package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Experiment tracking: where runs go, which run is active, and the hook every fit calls.
 *
 * <h2>Where runs go</h2>
 * The tracking URI is, in order: {@link #setTrackingUri}, the system property {@code ember.tracking.uri}, the
 * environment variable {@code MLFLOW_TRACKING_URI}, else the local directory {@code ./mlruns} (MLflow's
 * file-store layout). A {@link TrackingStore} for it is found by {@link ServiceLoader} among the
 * {@link TrackingStoreProvider}s on the class path (add {@code model-registry-client} for MLflow). The
 * experiment is {@link #setExperiment}, else {@code MLFLOW_EXPERIMENT_NAME}, else MLflow's {@code Default}.
 *
 * <h2>Active runs</h2>
 * {@link #newRun()}{@code .start()} makes a run active on the calling thread until it ends; a run started while
 * another is active on the thread is its child (nested runs, as sweeps use). Runs are per thread: a worker thread
 * starts its own (for example with {@link Run#startChild}).
 *
 * <h2>What a fit logs</h2>
 * Every estimator calls {@link #onFit} when its fit is done. Inside an active run, or with {@link #autolog}
 * switched on (then each fit gets a run of its own), that logs the fit's params, its provenance, its final
 * metrics, its per-iteration loss ({@link HasObjectiveHistory}) and the model. With no active run and autolog
 * off it costs one volatile read.
 */
public final class Tracking {
    /** System property naming the tracking URI (below {@link #setTrackingUri}, above the environment). */
    public static final String URI_PROPERTY = "ember.tracking.uri";
    /** Environment variable naming the tracking URI, as MLflow reads it. */
    public static final String URI_ENV = "MLFLOW_TRACKING_URI";
    /** Environment variable naming the experiment, as MLflow reads it. */
    public static final String EXPERIMENT_ENV = "MLFLOW_EXPERIMENT_NAME";
    /** System property switching autologging on ({@code true}) at start-up. */
    public static final String AUTOLOG_PROPERTY = "ember.tracking.autolog";
    /** System property: {@code false} to log models without an input example (which reads a few input rows). */
    public static final String INPUT_EXAMPLE_PROPERTY = "ember.tracking.inputExample";
    /** MLflow's default experiment. */
    public static final String DEFAULT_EXPERIMENT = "Default";
    /** The tag MLflow uses to link a child run to its parent. */
    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";

    private static final Logger LOG = LoggerFactory.getLogger(Tracking.class);
    private static final ThreadLocal<Deque<Active>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
    private static final AtomicInteger ACTIVE_RUNS = new AtomicInteger();
    private static final Map<String, TrackingStore> STORES = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static volatile boolean autolog = Boolean.getBoolean(AUTOLOG_PROPERTY);
    /** True when some run is active on some thread, or autolog is on: the only thing a fit reads when off. */
    private static volatile boolean engaged = autolog;
    private static volatile String trackingUri;
    private static volatile String experiment;
    private static volatile List<TrackingStoreProvider> providers;

    private Tracking() {
    }

    /** A run on a thread's stack, with the number of fits open on the thread when it started. */
    record Active(Run run, int originDepth) {
    }

    // ---------------------------------------------------------------------------------------------- settings

    /**
     * @param uri the tracking URI for runs started from now on ({@code http(s)://host:port} for an MLflow server,
     *     a path or {@code file:} URI for a local store), or null to fall back to the property, the environment
     *     and {@code ./mlruns}
     */
    public static void setTrackingUri(String uri) {
        trackingUri = uri == null || uri.isBlank() ? null : uri.trim();
    }

    /** @return the tracking URI runs go to now */
    public static String trackingUri() {
        String u = trackingUri;
        if (u == null) {
            u = System.getProperty(URI_PROPERTY);
        }
        if (u == null || u.isBlank()) {
            u = System.getenv(URI_ENV);
        }
        if (u == null || u.isBlank()) {
            u = Path.of("mlruns").toAbsolutePath().normalize().toUri().toString();
            if (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
        }
        return u.trim();
    }

    /** @param name the experiment for runs started from now on, or null for the environment or Default */
    public static void setExperiment(String name) {
        experiment = name == null || name.isBlank() ? null : name;
    }

    /** @return the experiment runs go to when none is given */
    public static String experiment() {
        String e = experiment;
        if (e == null) {
            e = System.getenv(EXPERIMENT_ENV);
        }
        return e == null || e.isBlank() ? DEFAULT_EXPERIMENT : e;
    }

    /**
     * Switches autologging: when on, a fit with no active run on its thread gets a run of its own.
     *
     * @param on whether to autolog
     */
    public static void autolog(boolean on) {
        autolog = on;
        engaged = on || ACTIVE_RUNS.get() > 0;
    }

    /** @return whether autologging is on */
    public static boolean isAutologEnabled() {
        return autolog;
    }

    // ------------------------------------------------------------------------------------------------ stores

    /** @return the store for the current {@link #trackingUri()} */
    public static TrackingStore store() {
        return store(trackingUri());
    }

    /**
     * @param uri a tracking URI
     * @return its store, opened once per URI and closed (flushed) when the JVM exits or by {@link #shutdown()}
     * @throws TrackingException if no provider supports the URI
     */
    public static TrackingStore store(String uri) {
        TrackingStore s = STORES.get(uri);
        if (s != null) {
            return s;
        }
        synchronized (STORES) {
            s = STORES.get(uri);
            if (s == null) {
                s = provider(uri).open(uri);
                STORES.put(uri, s);
                if (HOOK.compareAndSet(false, true)) {
                    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(Tracking::shutdown,
                        "ember-tracking-shutdown"));
                }
            }
            return s;
        }
    }

    /**
     * @param uri a tracking URI
     * @return the provider that supports it
     * @throws TrackingException naming the URI and the forms the providers on the class path support
     */
    public static TrackingStoreProvider provider(String uri) {
        List<TrackingStoreProvider> ps = providers();
        for (TrackingStoreProvider p : ps) {
            if (p.supports(uri)) {
                return p;
            }
        }
        List<String> known = new ArrayList<>();
        ps.forEach(p -> known.addAll(p.describeSupported()));
        throw new TrackingException("no tracking store for URI '" + uri + "'"
            + (known.isEmpty() ? "; no TrackingStoreProvider is on the class path (add model-registry-client)"
            : "; supported: " + known));
    }

    private static List<TrackingStoreProvider> providers() {
        List<TrackingStoreProvider> ps = providers;
        if (ps == null) {
            ps = new ArrayList<>();
            for (TrackingStoreProvider p : ServiceLoader.load(TrackingStoreProvider.class,
                Tracking.class.getClassLoader())) {
                ps.add(p);
            }
            providers = ps = List.copyOf(ps);
        }
        return ps;
    }

    /**
     * Waits until the store for a URI, if one is open, has written what it queued (so that a reader in this
     * process sees it): the local store's files, or what a server has acknowledged.
     *
     * @param uri a tracking URI
     * @param timeoutMillis how long to wait at most
     * @return whether everything queued was written (true if no store is open for the URI)
     */
    public static boolean flush(String uri, long timeoutMillis) {
        TrackingStore s = STORES.get(uri);
        return s == null || s.flush(timeoutMillis);
    }

    /**
     * Flushes and closes every open store; a remote store keeps what it could not send in its local spool. Called
     * at JVM exit.
     */
    public static void shutdown() {
        List<TrackingStore> stores;
        synchronized (STORES) {
            stores = new ArrayList<>(STORES.values());
            STORES.clear();
        }
        for (TrackingStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing tracking store {} failed: {}", s.uri(), e.toString());
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- runs

    /** @return a builder for a run; {@link RunBuilder#start()} starts it */
    public static RunBuilder newRun() {
        return new RunBuilder();
    }

    /**
     * @param name the run's name
     * @return a started run in the current experiment, the child of the thread's active run if there is one
     */
    public static Run startRun(String name) {
        return newRun().name(name).start();
    }

    /** @return the innermost run active on this thread */
    public static Optional<Run> activeRun() {
        Active a = top();
        return a == null ? Optional.empty() : Optional.of(a.run());
    }

    private static Active top() {
        Deque<Active> stack = STACK.get();
        Active a = stack.peek();
        while (a != null && !a.run().isActive()) {
            stack.pop();
            a = stack.peek();
        }
        return a;
    }

    static Active topForFit() {
        return top();
    }

    static void started(Run run, int originDepth) {
        STACK.get().push(new Active(run, originDepth));
        ACTIVE_RUNS.incrementAndGet();
        engaged = true;
    }

    static void ended(Run run) {
        Deque<Active> stack = STACK.get();
        for (Iterator<Active> it = stack.iterator(); it.hasNext(); ) {
            if (it.next().run() == run) {
                it.remove();
                break;
            }
        }
        int n = ACTIVE_RUNS.decrementAndGet();
        engaged = autolog || n > 0;
    }

    // ------------------------------------------------------------------------------------------------ the hook

    /**
     * The hook every estimator calls at the end of {@code fit}. Inside an active run on this thread, or with
     * autolog on (then in a run of its own), it logs:
     *
     * <ul>
     *   <li>the provenance's params, flattened ({@code {"a": {"b": 1}}} becomes {@code a.b = 1}; arrays as
     *   JSON text);</li>
     *   <li>tags {@code ember.version}, {@code ember.java}, {@code ember.os}, {@code ember.estimator},
     *   {@code ember.data.schemaHash}, {@code ember.data.rowCount}, {@code ember.data.contentHash},
     *   {@code ember.seed}, {@code ember.fit.startedAt};</li>
     *   <li>the final metrics of {@code provenance().metrics()} and {@code wallTimeMillis}, at step 0;</li>
     *   <li>the per-iteration objective of a {@link HasObjectiveHistory} model as the metric {@code loss}, the
     *   iteration as the step;</li>
     *   <li>the model, as an MLflow model directory at {@code model} (with a signature from the frame's schema
     *   and an input example of its first rows).</li>
     * </ul>
     *
     * <p>Fits made inside another fit (the stages of a pipeline, the folds of a cross-validation) are not logged
     * on their own: the outermost fit logs them with its own, their params and metrics prefixed with the stage's
     * simple class name ({@code LogisticRegression.regParam}, {@code LogisticRegression.loss}). A second
     * outermost fit in the same run prefixes its keys the same way and logs its model at {@code model_2}, and so
     * on. Nesting comes from an explicit context: a fit is nested when another estimator's {@link FitScope}
     * ({@link #enterFit}) is open on the thread, opened after the run started. Estimators that fit others inside
     * their own fit open one ({@code EstimatorBase} does it for every fit); nothing walks the call stack.
     *
     * <p>Tracking never fails a fit: an error while logging is reported once as a warning and the model is
     * returned. A remote store queues what it sends, so a slow or unreachable server does not slow the fit.
     *
     * @param estimator the estimator that was fitted
     * @param model the model it made
     * @param frame the training frame (for the signature and input example), or null
     * @param <M> the model type
     * @return {@code model}
     */
    public static <M extends Model> M onFit(Estimator<?> estimator, M model, Frame frame) {
        if (estimator != null) {
            dev.ember.ml.core.status.StatusRegistry.fitSucceeded(estimator.uid());
            dev.ember.ml.core.observe.FitTrace.succeeded(estimator.uid());
        }
        if (!engaged) {
            return model;
        }
        try {
            FitLogger.onFit(estimator, model, frame);
        } catch (RuntimeException e) {
            warnOnce("tracking the fit of " + (estimator == null ? "?" : estimator.uid()) + " failed", e);
        }
        return model;
    }

    /**
     * Records that an iteration of the fit running on this thread has ended, now. Optimizers call it each time
     * they add a value to their objective history, so that {@link #onFit} logs every loss point at the time it was
     * measured, not the time it was logged. Without an active run it costs one volatile read.
     */
    public static void markIteration() {
        if (engaged) {
            FitNesting.markIteration(System.currentTimeMillis());
        }
    }

    /**
     * The hook every evaluator calls when it has scored a frame of predictions. Inside an active run on this thread
     * (and not inside a fit: a cross-validation's folds are not logged one by one), it logs:
     *
     * <ul>
     *   <li>each metric as {@code <Evaluator>.<metric>} (such as {@code BinaryClassificationEvaluator.areaUnderROC}),
     *   prefixed with the {@link #evaluationContext} if one is open ({@code test.BinaryClassificationEvaluator...});
     *   the step counts the evaluations logged under that prefix in the run (0, 1, 2, ...), so repeated
     *   evaluations make a history;</li>
     *   <li>the evaluation's charts (ROC and precision-recall curves, a confusion matrix) as PNG images under
     *   {@code evaluation/} (or {@code evaluation/<context>/}), named {@code <Evaluator>.<chart>.png} (with
     *   {@code .step<k>} after the first), once per frame of predictions: evaluating another metric of the same
     *   predictions logs the metric only.</li>
     * </ul>
     *
     * <p>Tracking never fails an evaluation: an error while logging is reported once as a warning.
     *
     * @param predictions the frame scored (to log its charts once), or null
     * @param evaluation what was measured
     */
    public static void onEvaluate(Frame predictions, Evaluation evaluation) {
        if (!engaged) {
            return;
        }
        try {
            EvaluationLogger.onEvaluate(predictions, evaluation);
        } catch (RuntimeException e) {
            warnOnce("logging the evaluation " + evaluation.evaluatorName() + " failed", e);
        }
    }

    /** @return whether an evaluation made now on this thread would be logged (else evaluators skip the charts) */
    public static boolean isEvaluationLogged() {
        return engaged && EvaluationLogger.target() != null;
    }

    /**
     * Names the data the evaluations on this thread score until the context closes, such as {@code train},
     * {@code validation} or {@code test}: their metrics are logged as {@code <name>.<Evaluator>.<metric>}.
     *
     * <pre>{@code
     * try (EvaluationContext c = Tracking.evaluationContext("test")) {
     *     new BinaryClassificationEvaluator().evaluate(model.transform(test));   // test.BinaryClassif...areaUnderROC
     * }
     * }</pre>
     *
     * @param name the context's name: letters, digits, {@code _ - .}
     * @return the open context; close it (try-with-resources)
     */
    public static EvaluationContext evaluationContext(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidArgumentException("evaluation context '" + name + "': expected letters, digits, _ - or ."
                + " (it becomes part of metric names and an artifact directory)");
        }
        return EvaluationLogger.enter(name);
    }

    /**
     * Opens an estimator's fit: fits made on this thread until the scope closes are nested in it and logged with
     * it by {@link #onFit}. Costs a thread-local push; close it in a {@code finally} (try-with-resources).
     *
     * @param estimator the estimator whose fit starts
     * @return the open scope
     */
    public static FitScope enterFit(Estimator<?> estimator) {
        return new FitScope(estimator.uid(), estimator.getClass().getSimpleName());
    }

    static boolean inputExampleEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(INPUT_EXAMPLE_PROPERTY, "true"));
    }

    static void warnOnce(String what, Throwable e) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("{} (the fit itself is unaffected; further tracking errors are logged at debug level): {}",
                what, e.toString());
        } else {
            LOG.debug("{}: {}", what, e.toString());
        }
    }

    /**
     * Reopens an ended run (see {@link TrackingStore#reopenRun}) and makes it the calling thread's active run, so a
     * resumed piece of work (a sweep continued after a crash) goes on logging to the run it started.
     *
     * @param trackingUri the URI of the store that holds the run
     * @param runId the run's id there
     * @return the run, RUNNING again; end it as any run
     * @throws TrackingException naming the run and URI if it does not exist there or is deleted
     */
    public static Run reopenRun(String trackingUri, String runId) {
        TrackingStore store = store(trackingUri);
        RunInfo info = store.reopenRun(runId);
        Run run = new Run(store, info, null);
        started(run, FitNesting.depth());
        return run;
    }

    /** Builds and starts a run. */
    public static final class RunBuilder {
        private String experimentName;
        private String experimentId;
        private String name;
        private Run parent;
        private boolean parentSet;
        private String uri;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private RunBuilder() {
        }

        /**
         * @param experimentName the experiment, created if it does not exist
         * @return this builder
         */
        public RunBuilder experiment(String experimentName) {
            this.experimentName = experimentName;
            this.experimentId = null;
            return this;
        }

        /**
         * @param id an existing experiment's id (starting fails, naming it, if it does not exist)
         * @return this builder
         */
        public RunBuilder experimentId(String id) {
            this.experimentId = id;
            this.experimentName = null;
            return this;
        }

        /**
         * @param runName the run's display name
         * @return this builder
         */
        public RunBuilder name(String runName) {
            this.name = runName;
            return this;
        }

        /**
         * @param parentRun the parent run (by default the thread's active run, if any); null for a top-level run
         * @return this builder
         */
        public RunBuilder parent(Run parentRun) {
            this.parent = parentRun;
            this.parentSet = true;
            return this;
        }

        /**
         * @param trackingUri the tracking URI (by default the parent's, else {@link Tracking#trackingUri()})
         * @return this builder
         */
        public RunBuilder trackingUri(String trackingUri) {
            this.uri = trackingUri;
            return this;
        }

        /**
         * @param key a tag name
         * @param value its value
         * @return this builder
         */
        public RunBuilder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /**
         * Creates the run and makes it the active run of the calling thread.
         *
         * @return the run; end it with {@link Run#close()} (try-with-resources)
         * @throws TrackingException if the store cannot create it (for example an unknown experiment id)
         */
        public Run start() {
            Run p = parentSet ? parent : activeRun().orElse(null);
            if (p != null && !p.isActive()) {
                throw new InvalidStateException("parent run " + p.safeId() + " at " + p.trackingUri()
                    + " has ended (" + p.status() + "); a child run needs an active parent");
            }
            String u = uri != null ? uri : p != null ? p.trackingUri() : Tracking.trackingUri();
            TrackingStore store = store(u);
            Map<String, String> allTags = new LinkedHashMap<>(defaultTags());
            allTags.putAll(tags);
            String parentId = null;
            if (p != null) {
                parentId = p.localId();
                allTags.put(PARENT_RUN_TAG, parentId);
            }
            String expName = experimentName;
            String expId = experimentId;
            if (expName == null && expId == null) {
                if (p != null && p.experimentId() != null) {
                    expId = p.experimentId();
                } else {
                    expName = Tracking.experiment();
                }
            }
            RunSpec spec = new RunSpec(expName, expId, name != null ? name : defaultName(), parentId, allTags,
                System.currentTimeMillis());
            RunInfo info = store.createRun(spec);
            Run run = new Run(store, info, p);
            started(run, FitNesting.depth());
            return run;
        }

        private static String defaultName() {
            return "run-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        }

        private static Map<String, String> defaultTags() {
            Map<String, String> t = new LinkedHashMap<>();
            t.put("mlflow.user", System.getProperty("user.name", "unknown"));
            t.put("mlflow.source.type", "LOCAL");
            String cmd = System.getProperty("sun.java.command", "");
            if (!cmd.isBlank()) {
                t.put("mlflow.source.name", cmd.split(" ", 2)[0]);
            }
            return t;
        }
    }
}
