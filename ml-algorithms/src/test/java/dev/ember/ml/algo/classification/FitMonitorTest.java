package dev.ember.ml.algo.classification;

import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fit monitor sees every iteration of a logistic regression fit, with its model, and can stop the fit. */
class FitMonitorTest {

    @Test
    void shouldSeeEveryIterationAndTheModelAsItStands() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = LogisticRegressionTest.breastCancer(rt, 3);
            List<Integer> iterations = new ArrayList<>();
            List<double[]> coefficients = new ArrayList<>();
            LogisticRegressionModel model;
            try (FitMonitor.Scope s = FitMonitor.install((it, objective, m) -> {
                iterations.add(it);
                coefficients.add(((LogisticRegressionModel) m.get()).coefficients());
            })) {
                model = new LogisticRegression().regParam(0.01).fit(data);
            }
            assertTrue(FitMonitor.current().isEmpty(), "the scope uninstalls the monitor");
            int n = model.summary().iterations();
            assertEquals(n, iterations.size(), "one call per iteration: " + iterations);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, iterations.get(i));
            }
            assertArrayEquals(model.coefficients(), coefficients.get(n - 1), 0.0,
                "the last iteration's model is the fitted one");
        }
    }

    @Test
    void shouldStopTheFitWhenTheMonitorThrows() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = LogisticRegressionTest.breastCancer(rt, 3);
            IllegalStateException stop = new IllegalStateException("stop at 2");
            List<Integer> seen = new ArrayList<>();
            try (FitMonitor.Scope s = FitMonitor.install((it, objective, m) -> {
                seen.add(it);
                if (it == 2) {
                    throw stop;
                }
            })) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new LogisticRegression().regParam(0.01).with(LogisticRegression.FAMILY, "multinomial").fit(data));
                assertSame(stop, e);
            }
            assertEquals(List.of(1, 2), seen, "no iteration after the stop");
        }
    }
}
