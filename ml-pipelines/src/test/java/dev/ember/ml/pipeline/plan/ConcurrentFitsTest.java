package dev.ember.ml.pipeline.plan;

import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConcurrentFitsTest {

    @Test
    void shouldFitPipelinesInParallelTrialsLikeOneAtATimeOnOneRuntime() throws Exception {
        double[] regParams = {0.001, 0.01, 0.1};
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(4)
                .read(TestData.dataset("breast_cancer.csv")).cache();
            List<PipelineModel> sequential = new ArrayList<>();
            for (double r : regParams) {
                sequential.add(PlanPassCountTest.pipeline(raw, r).fit(raw));
            }
            ExecutorService trials = Executors.newFixedThreadPool(regParams.length);
            try {
                List<Future<PipelineModel>> parallel = new ArrayList<>();
                for (double r : regParams) {
                    parallel.add(trials.submit(() -> PlanPassCountTest.pipeline(raw, r).fit(raw)));
                }
                for (int i = 0; i < regParams.length; i++) {
                    LogisticRegressionModel a = sequential.get(i).stage(LogisticRegressionModel.class);
                    LogisticRegressionModel b = parallel.get(i).get(120, TimeUnit.SECONDS)
                        .stage(LogisticRegressionModel.class);
                    assertArrayEquals(a.coefficients(), b.coefficients(), 0.0, "regParam " + regParams[i]);
                    assertEquals(a.intercept(), b.intercept(), 0.0, "regParam " + regParams[i]);
                }
            } finally {
                trials.shutdownNow();
            }
            assertEquals(raw.numPartitions(), rt.cacheStats().cachedPartitions(),
                "only the user's cached source remains cached");
        }
    }
}
