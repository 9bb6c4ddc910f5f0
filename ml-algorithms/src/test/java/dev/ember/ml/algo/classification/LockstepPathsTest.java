package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings that differ only in the penalty share their loss passes (SPARK-22126): a 2 x 3 grid of elasticNetParam
 * by regParam, fitted by the multi-setting hook, gives the models separate fits give, with passes over the data
 * counted as the longest path's evaluations rather than the sum over both paths.
 */
class LockstepPathsTest {

    @ParameterizedTest(name = "{0}, {1} partitions, {2}")
    @CsvSource({"breast_cancer.csv, diagnosis, 3, float", "ionosphere.csv, Class, 2, double"})
    void shouldGiveTheSeparateFitsModelsInFewerPassesWhenPathsRunInLockstep(String dataset, String labelCol,
                                                                            int partitions, String elementType) {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions).read(TestData.dataset(dataset));
            Frame assembled = new VectorAssembler().inputCols(raw.schema().fields().stream()
                    .filter(f -> f.type().isNumeric() && !f.name().equals(labelCol)).map(Field::name)
                    .toArray(String[]::new))
                .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
            Frame data = new StringIndexer().inputCol(labelCol).outputCol("label")
                .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
            data.count();
            LogisticRegression lr = new LogisticRegression().tol(1e-10).maxIter(500);
            List<ParamMap> grid = new ArrayList<>();
            for (double en : new double[] {0, 0.5}) {
                for (double reg : new double[] {0.1, 0.01, 0.001}) {
                    grid.add(ParamMap.empty().put(lr, LogisticRegression.ELASTIC_NET_PARAM, en)
                        .put(lr, LogisticRegression.REG_PARAM, reg));
                }
            }
            long before = reads(rt.cacheStats());
            List<LogisticRegressionModel> shared = lr.fit(data, grid);
            double sharedPasses = (reads(rt.cacheStats()) - before) / (double) partitions;
            before = reads(rt.cacheStats());
            int[] evaluations = new int[2];
            for (int i = 0; i < grid.size(); i++) {
                LogisticRegressionModel alone = lr.fit(data, grid.get(i));
                LogisticRegressionModel s = shared.get(i);
                double scale = 0;
                for (double c : alone.coefficients()) {
                    scale = Math.max(scale, Math.abs(c));
                }
                for (int j = 0; j < alone.coefficients().length; j++) {
                    assertEquals(alone.coefficients()[j], s.coefficients()[j], 1e-6 * Math.max(1, scale),
                        dataset + " setting " + i + " coefficient " + j);
                }
                assertEquals(alone.intercept(), s.intercept(), 1e-6 * Math.max(1, scale), "setting " + i);
                evaluations[i / 3] += s.summary().evaluations();
            }
            double alonePasses = (reads(rt.cacheStats()) - before) / (double) partitions;
            System.out.printf("%s: lockstep %.0f passes, separate fits %.0f passes, path evaluations %d and %d%n",
                dataset, sharedPasses, alonePasses, evaluations[0], evaluations[1]);
            assertTrue(sharedPasses < alonePasses, "lockstep passes " + sharedPasses + " vs " + alonePasses);
            assertTrue(sharedPasses <= Math.max(evaluations[0], evaluations[1]) + 0.6 * Math.min(evaluations[0],
                evaluations[1]) + 4, "passes " + sharedPasses + " for paths of " + evaluations[0] + " and "
                + evaluations[1] + " evaluations");
        }
    }

    private static long reads(CacheStats s) {
        return s.hits() + s.misses();
    }
}
