package dev.ember.ml.core.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingTest {
    private static final AtomicInteger STORES = new AtomicInteger();
    private static Runtime runtime;
    private String uri;

    @BeforeAll
    static void startRuntime() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    @AfterEach
    void reset() {
        Tracking.activeRun().ifPresent(r -> r.end(RunStatus.KILLED));
        while (Tracking.activeRun().isPresent()) {
            Tracking.activeRun().get().end(RunStatus.KILLED);
        }
        Tracking.autolog(false);
        Tracking.setTrackingUri(null);
        Tracking.setExperiment(null);
    }

    private RecordingStore store() {
        uri = "recording:t" + STORES.incrementAndGet();
        Tracking.setTrackingUri(uri);
        return (RecordingStore) Tracking.store(uri);
    }

    private static Frame frame() {
        ColumnBuilder x = new ColumnBuilder(Field.of("x", DataType.DOUBLE, false), 4);
        ColumnBuilder y = new ColumnBuilder(Field.of("y", DataType.DOUBLE, false), 4);
        ColumnBuilder s = new ColumnBuilder(Field.of("s", DataType.STRING), 4);
        for (int i = 0; i < 8; i++) {
            x.appendDouble(i);
            y.appendDouble(2 * i);
            if (i == 1) {
                s.appendNull();
            } else {
                s.appendString("v" + i);
            }
        }
        return Frame.ofColumns(runtime, x.build(), y.build(), s.build());
    }

    @Test
    void shouldLogNothingAndOpenNoStoreWithoutAnActiveRun() {
        int before = RecordingStore.OPENED.size();
        MeanEstimator.MeanModel m = new MeanEstimator().fit(frame());
        assertEquals(3.5, m.mean, 1e-12);
        assertEquals(before, RecordingStore.OPENED.size());
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldCostOneVolatileReadWhenOff() {
        MeanEstimator est = new MeanEstimator();
        MeanEstimator.MeanModel model = est.fit(frame());
        int calls = 2_000_000;
        for (int warm = 0; warm < 3; warm++) {
            for (int i = 0; i < calls; i++) {
                Tracking.onFit(est, model, null);
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Tracking.onFit(est, model, null);
        }
        double nsPerCall = (System.nanoTime() - t0) / (double) calls;
        assertTrue(nsPerCall < 100, "onFit with tracking off took " + nsPerCall + " ns a call, expected < 100");
    }

    @Test
    void shouldLogParamsProvenanceMetricsHistoryAndModelInsideARun() {
        RecordingStore store = store();
        Frame f = frame();
        String id;
        try (Run run = Tracking.newRun().experiment("exp").name("r1").tag("team", "ml").start()) {
            id = run.id();
            assertSame(run, Tracking.activeRun().orElseThrow());
            new MeanEstimator().with(MeanEstimator.SHIFT, 0.5).fit(f);
        }
        assertTrue(Tracking.activeRun().isEmpty());
        RunSpec spec = store.specs.get(id);
        assertEquals("exp", spec.experimentName());
        assertEquals("r1", spec.runName());
        assertEquals("ml", spec.tags().get("team"));
        assertNull(spec.parentRunId());
        Map<String, String> params = store.params.get(id);
        assertEquals("x", params.get("col"));
        assertEquals("0.5", params.get("shift"));
        Map<String, String> tags = store.tags.get(id);
        assertEquals(MeanEstimator.class.getName(), tags.get("ember.estimator"));
        assertEquals("8", tags.get("ember.data.rowCount"));
        assertEquals("7", tags.get("ember.seed"));
        assertNotNull(tags.get("ember.version"));
        assertNotNull(tags.get("ember.data.contentHash"));
        assertEquals(4.0, store.history(id, "mean").get(0).value(), 1e-12);
        List<MetricPoint> loss = store.history(id, "loss");
        assertEquals(List.of(0L, 1L, 2L), loss.stream().map(MetricPoint::step).toList());
        assertEquals(List.of(3.0, 2.0, 1.5), loss.stream().map(MetricPoint::value).toList());
        ModelArtifact logged = store.models.get(id).get(0);
        assertEquals("model", logged.artifactPath());
        assertEquals(f.schema(), logged.inputSchema());
        assertEquals(List.of("mean_x"), logged.outputSchema().names());
        assertEquals(List.of("x", "y", "s"), logged.inputExample().columns());
        assertEquals(5, logged.inputExample().rows().size());
        assertEquals(java.util.Arrays.asList(1.0, 2.0, null), logged.inputExample().rows().get(1));
        assertEquals(RunStatus.FINISHED, store.ended.get(id));
    }

    @Test
    void shouldNestChildRunsUnderTheirParentAndRestoreTheParent() {
        RecordingStore store = store();
        try (Run parent = Tracking.startRun("sweep")) {
            try (Run child = Tracking.startRun("trial-1")) {
                assertSame(child, Tracking.activeRun().orElseThrow());
                assertSame(parent, child.parent().orElseThrow());
                assertEquals(parent.id(), store.specs.get(child.id()).parentRunId());
                assertEquals(parent.id(), store.specs.get(child.id()).tags().get(Tracking.PARENT_RUN_TAG));
                new MeanEstimator().fit(frame());
                assertEquals(1, store.models.get(child.id()).size());
                assertNull(store.models.get(parent.id()));
            }
            assertSame(parent, Tracking.activeRun().orElseThrow());
        }
    }

    @Test
    @Timeout(30)
    void shouldLogAChildRunStartedOnAWorkerThread() throws Exception {
        RecordingStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Run parent = Tracking.startRun("sweep")) {
            Future<String> trial = pool.submit(() -> {
                try (Run child = parent.startChild("trial")) {
                    new MeanEstimator().with(MeanEstimator.COL, "y").fit(frame());
                    return child.id();
                }
            });
            String childId = trial.get(20, TimeUnit.SECONDS);
            assertEquals(parent.id(), store.specs.get(childId).parentRunId());
            assertEquals("y", store.params.get(childId).get("col"));
            assertNull(store.params.get(parent.id()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLogOnlyTheOutermostFitAndPrefixItsStages() {
        RecordingStore store = store();
        String id;
        try (Run run = Tracking.startRun("pair")) {
            id = run.id();
            new PairEstimator(new MeanEstimator(), new MeanEstimator().with(MeanEstimator.COL, "y")).fit(frame());
        }
        assertEquals(1, store.models.get(id).size(), "one model: the pair, not its stages");
        assertEquals(PairEstimator.PairModel.class, store.models.get(id).get(0).model().getClass());
        Map<String, String> params = store.params.get(id);
        assertEquals("x", params.get("MeanEstimator.col"));
        assertEquals("y", params.get("MeanEstimator_2.col"));
        assertEquals(3, store.history(id, "MeanEstimator.loss").size());
        assertEquals(7.0, store.history(id, "MeanEstimator_2.mean").get(0).value(), 1e-12);
        assertTrue(store.tags.get(id).get("ember.stages").startsWith("MeanEstimator=MeanEstimator_"));
    }

    @Test
    void shouldTakeNestingFromTheOpenFitScopeNotFromTheCallStack() {
        RecordingStore store = store();
        String id;
        MeanEstimator outer = new MeanEstimator();
        try (Run run = Tracking.startRun("scoped")) {
            id = run.id();
            try (FitScope scope = Tracking.enterFit(outer)) {
                new MeanEstimator().fit(frame());
                assertEquals(0, store.models.getOrDefault(id, List.of()).size(), "a fit inside a scope waits");
            }
            new MeanEstimator().fit(frame());
        }
        assertEquals(1, store.models.get(id).size(), "only the fit outside the scope logs its model");
        try (Run run = Tracking.startRun("left-open")) {
            FitScope leaked = Tracking.enterFit(outer);
            leaked.close();
            leaked.close();
            new MeanEstimator().fit(frame());
            assertEquals(1, store.models.get(run.id()).size(), "a closed scope nests nothing");
        }
    }

    @Test
    void shouldPrefixASecondFitInTheSameRun() {
        RecordingStore store = store();
        String id;
        try (Run run = Tracking.startRun("two")) {
            id = run.id();
            new MeanEstimator().fit(frame());
            new MeanEstimator().with(MeanEstimator.COL, "y").fit(frame());
        }
        assertEquals(List.of("model", "model_2"),
            store.models.get(id).stream().map(ModelArtifact::artifactPath).toList());
        assertEquals("x", store.params.get(id).get("col"));
        assertEquals("y", store.params.get(id).get("MeanEstimator.col"));
    }

    @Test
    void shouldGiveEachOutermostFitItsOwnRunWithAutolog() {
        RecordingStore store = store();
        Tracking.autolog(true);
        new MeanEstimator().fit(frame());
        new PairEstimator(new MeanEstimator(), new MeanEstimator()).fit(frame());
        assertEquals(2, store.created.size(), "two runs: the mean and the pair, not the pair's stages");
        assertEquals("MeanEstimator", store.created.get(0).runName());
        assertEquals("PairEstimator", store.created.get(1).runName());
        assertEquals(Tracking.DEFAULT_EXPERIMENT, store.created.get(0).experimentName());
        assertEquals(2, store.ended.size());
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldRefuseWritesToAnEndedRunAndChangedParams() {
        store();
        Run run = Tracking.startRun("r");
        run.logParam("a", 1);
        run.logParam("a", 1);
        InvalidArgumentException changed = assertThrows(InvalidArgumentException.class, () -> run.logParam("a", 2));
        assertTrue(changed.getMessage().contains("param 'a'") && changed.getMessage().contains(uri),
            changed.getMessage());
        run.end(RunStatus.FAILED);
        InvalidStateException ended = assertThrows(InvalidStateException.class, () -> run.logMetric("m", 1));
        assertTrue(ended.getMessage().contains(run.id()) && ended.getMessage().contains("has ended (FAILED)"),
            ended.getMessage());
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldNotFailTheFitWhenTheStoreFails() {
        RecordingStore store = store();
        try (Run run = Tracking.startRun("r")) {
            store.failWrites = true;
            MeanEstimator.MeanModel m = new MeanEstimator().fit(frame());
            assertEquals(3.5, m.mean, 1e-12);
            store.failWrites = false;
            assertTrue(run.isActive());
        }
    }

    @Test
    void shouldNameTheUriAndTheSupportedFormsForAnUnknownScheme() {
        TrackingException e = assertThrows(TrackingException.class, () -> Tracking.store("nope://host"));
        assertTrue(e.getMessage().contains("nope://host") && e.getMessage().contains("recording:NAME"),
            e.getMessage());
    }

    @Test
    void shouldPassTheStoresErrorForAnUnknownExperimentId() {
        store();
        TrackingException e = assertThrows(TrackingException.class,
            () -> Tracking.newRun().experimentId("missing").start());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldResolveTheTrackingUriFromTheSettingThenTheDefault() {
        Tracking.setTrackingUri("http://127.0.0.1:5000");
        assertEquals("http://127.0.0.1:5000", Tracking.trackingUri());
        Tracking.setTrackingUri(null);
        if (System.getenv(Tracking.URI_ENV) == null && System.getProperty(Tracking.URI_PROPERTY) == null) {
            assertTrue(Tracking.trackingUri().startsWith("file:/") && Tracking.trackingUri().endsWith("/mlruns"),
                Tracking.trackingUri());
        }
    }

    @Test
    void shouldFlattenNestedParamsWithDotsAndArraysAsJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("maxIter", 100).put("tol", 1e-6).put("family", "auto").putNull("weightCol");
        o.putArray("thresholds").add(0.25).add(0.75);
        o.putObject("solver").put("name", "lbfgs").putObject("ls").put("c1", 1e-4);
        o.put("long", "v".repeat(7000));
        Map<String, String> out = new LinkedHashMap<>();
        FitLogger.flatten("p.", o, out);
        assertEquals("100", out.get("p.maxIter"));
        assertEquals("1.0E-6", out.get("p.tol"));
        assertEquals("auto", out.get("p.family"));
        assertEquals("null", out.get("p.weightCol"));
        assertEquals("[0.25,0.75]", out.get("p.thresholds"));
        assertEquals("lbfgs", out.get("p.solver.name"));
        assertEquals("1.0E-4", out.get("p.solver.ls.c1"));
        assertEquals(FitLogger.MAX_PARAM_VALUE, out.get("p.long").length());
        assertFalse(out.containsKey("p.solver"));
    }
}
