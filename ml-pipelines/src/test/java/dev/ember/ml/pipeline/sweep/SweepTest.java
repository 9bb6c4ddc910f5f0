package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's behaviour: strategies, conditional parameters, pruners, budgets, parallelism, journal, resume. */
class SweepTest {
    @TempDir
    Path dir;

    private static SearchSpace conditionalSpace() {
        return SearchSpace.builder()
            .choice("model", "lr", "svc")
            .loguniform("lr.regParam", 1e-4, 1).when("model", "lr")
            .uniform("lr.elasticNetParam", 0, 1).when("model", "lr")
            .intlog("svc.maxIter", 10, 1000).when("model", "svc")
            .integer("depth", 1, 4)
            .build();
    }

    private static double conditionalObjective(Trial t) {
        if (t.get("model").equals("lr")) {
            assertFalse(t.params().containsKey("svc.maxIter"));
            return Math.abs(Math.log10(t.getDouble("lr.regParam")) + 2) + t.getDouble("lr.elasticNetParam")
                + t.getInt("depth");
        }
        assertFalse(t.params().containsKey("lr.regParam"));
        int it = t.getInt("svc.maxIter");
        assertTrue(it >= 10 && it <= 1000);
        return 3 + 1.0 / it;
    }

    @Test
    void shouldVisitEveryCombinationOnceWhenGrid() {
        SearchSpace space = conditionalSpace();
        GridSampler grid = new GridSampler(space, 3, Seeds.announce("grid", 7));
        // 3 points per numeric parameter (depth 1..4 gives 1, 3, 4): lr 3 x 3 x 3 = 27, svc 3 x 3 = 9
        assertEquals(36, grid.plannedTrials());
        SweepResult r = Sweep.builder(space).sampler(grid).budget(Budget.trials(1000)).build()
            .run(SweepTest::conditionalObjective);
        assertEquals(36, r.trials().size());
        Set<Map<String, Object>> distinct = r.trials().stream().map(TrialRecord::params).collect(Collectors.toSet());
        assertEquals(36, distinct.size());
        assertEquals(SweepResult.StopReason.TRIALS, r.stopReason());
        assertTrue(distinct.contains(Map.of("model", "svc", "svc.maxIter", 100, "depth", 3)));
    }

    @Test
    void shouldSampleConditionalParamsOnlyWhenParentMatches() {
        SearchSpace space = conditionalSpace();
        for (Sampler s : List.of(new RandomSampler(space, 3), new TpeSampler(space, 3, TpeSampler.Options.defaults()),
            new TpeSampler(space, 3, new TpeSampler.Options(5, 24, true)))) {
            SweepResult r = Sweep.builder(space).sampler(s).budget(Budget.trials(60)).build()
                .run(SweepTest::conditionalObjective);
            assertEquals(60, r.count(TrialState.COMPLETE), s.describe());
            long svc = r.trials().stream().filter(t -> t.params().get("model").equals("svc")).count();
            assertTrue(svc > 0 && svc < 60, s.describe() + " explored both branches");
            // TPE learns lr with regParam near 1e-2 is best (value ~1..2 vs >= 3 for svc)
            assertTrue(r.best().orElseThrow().value() < 2.0, s.describe() + " best " + r.best());
        }
    }

    @Test
    void shouldReproduceSuggestionsWhenSameSeed() {
        SearchSpace space = conditionalSpace();
        List<Map<String, Object>> a = paramsOf(Sweep.builder(space).seed(11).budget(Budget.trials(30)).build()
            .run(SweepTest::conditionalObjective));
        List<Map<String, Object>> b = paramsOf(Sweep.builder(space).seed(11).budget(Budget.trials(30)).build()
            .run(SweepTest::conditionalObjective));
        List<Map<String, Object>> c = paramsOf(Sweep.builder(space).seed(12).budget(Budget.trials(30)).build()
            .run(SweepTest::conditionalObjective));
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    private static List<Map<String, Object>> paramsOf(SweepResult r) {
        return r.trials().stream().map(TrialRecord::params).toList();
    }

    /** A learning curve: approaches its final value (which the setting's x decides) with 1/step. */
    private static double curve(Trial t, int maxSteps) {
        double finalValue = t.getDouble("x");
        double v = Double.NaN;
        for (int step = 1; step <= maxSteps; step++) {
            v = finalValue + 1.0 / step;
            t.reportAndPrune(step, v);
        }
        return v;
    }

    @Test
    void shouldPruneTrialsWorseThanTheMedianWhenMedianPruner() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        SweepResult r = Sweep.builder(space).sampler(new RandomSampler(space, 5))
            .pruner(new MedianPruner(5, 3, 1)).budget(Budget.trials(40)).build()
            .run(t -> curve(t, 20));
        long pruned = r.count(TrialState.PRUNED);
        assertTrue(pruned >= 10 && pruned <= 30, "pruned " + pruned);
        for (TrialRecord t : r.trials()) {
            if (t.state() == TrialState.PRUNED) {
                assertTrue(t.lastStep() >= 3, "no pruning before the warm-up, trial " + t.number());
            }
            if (t.number() < 5) {
                assertEquals(TrialState.COMPLETE, t.state(), "startup trials run to the end");
            }
        }
        double bestX = r.best().orElseThrow().params().get("x") instanceof Double d ? d : -1;
        assertTrue(r.trials().stream().filter(t -> t.state() == TrialState.PRUNED)
            .allMatch(t -> (double) t.params().get("x") > bestX), "the best trial is never worse than a pruned one");
    }

    @Test
    void shouldStopAllButTheTopFractionAtEachRungWhenAsha() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        AshaPruner asha = new AshaPruner(1, 27, 3);
        assertEquals(List.of(1, 3, 9), asha.rungResources());
        SweepResult r = Sweep.builder(space).sampler(new RandomSampler(space, 9)).pruner(asha)
            .budget(Budget.trials(81)).build()
            .run(t -> curve(t, 27));
        long complete = r.count(TrialState.COMPLETE);
        long pruned = r.count(TrialState.PRUNED);
        assertEquals(81, complete + pruned);
        // each rung keeps about a third: 81 -> 27 -> 9 -> 3, with early trials promoted while rungs are small
        assertTrue(complete >= 3 && complete <= 15, "complete " + complete);
        int stepsUsed = r.trials().stream().mapToInt(TrialRecord::lastStep).sum();
        assertTrue(stepsUsed < 81 * 27 / 4, "ASHA used " + stepsUsed + " of " + 81 * 27 + " steps");
        assertTrue(r.trials().stream().filter(t -> t.state() == TrialState.PRUNED)
            .allMatch(t -> List.of(1, 3, 9).contains(t.lastStep())), "pruned only at rungs");
        assertTrue((double) r.best().orElseThrow().params().get("x") < 0.1, "best x " + r.best());
    }

    @Test
    @Timeout(30)
    void shouldRunTrialsConcurrentlyWhenParallel() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        SweepResult r = Sweep.builder(space).parallel(4).budget(Budget.trials(24)).build().run(t -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(20);
            now.decrementAndGet();
            return t.getDouble("x");
        });
        assertEquals(24, r.trials().size());
        assertEquals(4, peak.get());
        assertEquals(24, r.trials().stream().map(TrialRecord::number).distinct().count());
    }

    @Test
    void shouldStopWhenFailedTrialsExceedTheLimit() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        SweepResult r = Sweep.builder(space).budget(new Budget(50, null, 2)).build().run(t -> {
            if (t.number() % 2 == 1) {
                throw new IllegalStateException("diverged");
            }
            return t.number() == 4 ? Double.NaN : t.getDouble("x");
        });
        assertEquals(SweepResult.StopReason.FAILED_TRIALS, r.stopReason());
        assertTrue(r.failedOverLimit());
        assertEquals(3, r.count(TrialState.FAILED));
        assertTrue(r.trials().stream().anyMatch(t -> "java.lang.IllegalStateException: diverged".equals(t.error())));
        assertTrue(r.trials().stream().anyMatch(t -> "the objective returned NaN".equals(t.error())));
    }

    @Test
    void shouldStopStartingTrialsWhenWallTimeIsUp() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        SweepResult r = Sweep.builder(space).budget(new Budget(10_000, Duration.ofMillis(300), 0)).build().run(t -> {
            Thread.sleep(50);
            return t.getDouble("x");
        });
        assertEquals(SweepResult.StopReason.WALL_TIME, r.stopReason());
        assertTrue(r.trials().size() >= 3 && r.trials().size() <= 8, "trials " + r.trials().size());
    }

    @Test
    void shouldContinueTheSameSequenceWhenResumedAfterACrash() throws Exception {
        SearchSpace space = conditionalSpace();
        long seed = Seeds.announce("resume", 21);
        SweepResult whole = Sweep.builder(space).seed(seed).pruner(MedianPruner.defaults())
            .budget(Budget.trials(40)).build().run(SweepTest::conditionalObjective);

        Path journal = dir.resolve("sweep.journal");
        Sweep.builder(space).seed(seed).pruner(MedianPruner.defaults()).budget(Budget.trials(25))
            .journal(journal).build().run(SweepTest::conditionalObjective);
        // the process "dies" while trial 25 runs: its start is journaled, then a torn half line
        Map<String, Object> p25 = paramsOf(whole).get(25);
        Files.writeString(journal, "{\"event\":\"started\",\"trial\":25,\"params\":"
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(p25) + ",\"time\":1}\n"
            + "{\"event\":\"report\",\"tri", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(TrialState.RUNNING, SweepJournal.read(journal).trials().get(25).state());

        SweepResult resumed = Sweep.builder(space).seed(seed).pruner(MedianPruner.defaults())
            .budget(Budget.trials(40)).journal(journal).build().run(SweepTest::conditionalObjective);
        assertEquals(15, resumed.trialsThisRun());
        assertEquals(paramsOf(whole), paramsOf(resumed));
        assertEquals(whole.trials().stream().map(TrialRecord::value).toList(),
            resumed.trials().stream().map(TrialRecord::value).toList());
        SweepJournal.Contents c = SweepJournal.read(journal);
        assertEquals(40, c.trials().size());
        assertTrue(c.trials().stream().allMatch(t -> t.state().isFinal()));
        assertTrue(Files.readString(journal).contains("\"state\":\"INTERRUPTED\""), "the dead attempt is recorded");
    }

    @Test
    void shouldRefuseAJournalOfAnotherSweep() {
        SearchSpace space = conditionalSpace();
        Path journal = dir.resolve("other.journal");
        Sweep.builder(space).seed(1).budget(Budget.trials(3)).journal(journal).build()
            .run(SweepTest::conditionalObjective);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () ->
            Sweep.builder(space).seed(2).budget(Budget.trials(3)).journal(journal).build()
                .run(SweepTest::conditionalObjective));
        assertTrue(e.getMessage().contains("sampler"), e.getMessage());
    }

    @Test
    @Timeout(30)
    void shouldMarkRunningTrialsInterruptedAndRerunThemWhenInterrupted() throws Exception {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        Path journal = dir.resolve("int.journal");
        Sweep[] holder = new Sweep[1];
        holder[0] = Sweep.builder(space).parallel(2).budget(Budget.trials(10)).journal(journal).build();
        SweepResult r = holder[0].run(t -> {
            if (t.number() == 3) {
                holder[0].interrupt();
            }
            if (t.number() >= 2) {
                Thread.sleep(5_000);
            }
            return t.getDouble("x");
        });
        assertEquals(SweepResult.StopReason.INTERRUPTED, r.stopReason());
        List<TrialRecord> trials = SweepJournal.read(journal).trials();
        assertEquals(TrialState.INTERRUPTED, trials.get(2).state());
        assertEquals(TrialState.INTERRUPTED, trials.get(3).state());
        Set<Integer> rerun = new HashSet<>();
        SweepResult after = Sweep.builder(space).parallel(2).budget(Budget.trials(10)).journal(journal).build()
            .run(t -> {
                synchronized (rerun) {
                    rerun.add(t.number());
                }
                return t.getDouble("x");
            });
        assertEquals(10, after.count(TrialState.COMPLETE));
        assertTrue(rerun.containsAll(Set.of(2, 3)) && !rerun.contains(0) && !rerun.contains(1), "rerun " + rerun);
    }

    @Test
    void shouldStopWhenTheStopFileAppears() throws Exception {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        Path journal = dir.resolve("stop.journal");
        SweepResult r = Sweep.builder(space).budget(Budget.trials(100)).journal(journal).build().run(t -> {
            if (t.number() == 4) {
                Files.createFile(Sweep.stopFile(journal));
            }
            return t.getDouble("x");
        });
        assertEquals(SweepResult.StopReason.STOPPED, r.stopReason());
        assertEquals(5, r.trials().size());
    }

    @Test
    void shouldRejectBadSpaces() {
        assertThrows(InvalidArgumentException.class, () -> SearchSpace.builder().loguniform("a", -1, 1));
        assertThrows(InvalidArgumentException.class, () -> SearchSpace.builder().uniform("a", 0, 1)
            .uniform("b", 0, 1).when("a", 0.5));
        assertThrows(InvalidArgumentException.class, () -> SearchSpace.builder().choice("m", "x")
            .uniform("b", 0, 1).when("m", "y"));
        assertThrows(InvalidArgumentException.class, () -> SearchSpace.builder().uniform("b", 0, 1)
            .when("later", "y"));
    }

    @Test
    void shouldKeepGammaAndWeightsAsOptuna() {
        assertEquals(1, TpeSampler.gamma(1));
        assertEquals(10, TpeSampler.gamma(100));
        assertEquals(25, TpeSampler.gamma(10_000));
        assertEquals(1.0, TpeSampler.weight(24, 0));
        assertEquals(1.0 / 100, TpeSampler.weight(100, 0), 1e-12);
        assertEquals(1.0, TpeSampler.weight(100, 74), 1e-12);
        assertEquals(1.0, TpeSampler.weight(100, 99), 1e-12);
    }
}
