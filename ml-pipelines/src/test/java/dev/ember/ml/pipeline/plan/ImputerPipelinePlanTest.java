package dev.ember.ml.pipeline.plan;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.Imputer;
import dev.ember.ml.algo.feature.ImputerModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImputerPipelinePlanTest {
    private static final long SEED = 20261205L;
    private static final String[] HOLED = {"mean_radius", "mean_texture", "mean_area", "worst_radius", "worst_area"};

    @Test
    void shouldGatherImputerAndScalerStatisticsInOneSourcePassWhenImputingByMeanOrMedian(@TempDir Path tmp)
        throws IOException {
        System.out.println("seed " + SEED);
        Path csv = withHoles(tmp.resolve("holes.csv"));
        for (String strategy : List.of("mean", "median")) {
            try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
                Frame raw = CsvReader.builder().runtime(rt).numPartitions(4).read(csv);
                Pipeline pipeline = pipeline(raw, strategy);
                PipelineModel model = pipeline.fit(raw);
                ExecutedPlan plan = model.executedPlan().orElseThrow();
                System.out.println(plan.explain(true));
                // pass 1: the imputer's statistics, the moments the scaler's are derived from, the fingerprint;
                // pass 2 starts from pass 1's retained output (not the file), builds the logistic regression's
                // cached block and gathers its summary on the way: the file is read once
                assertEquals(1.0, plan.sourcePasses(), strategy + ": source passes");
                assertTrue(plan.plan().physical().steps().stream()
                    .anyMatch(s -> s.kind() == PhysicalStep.Kind.DERIVE && s.estimator() == 3), "scaler derived");
                assertEquals(model.stage(LogisticRegressionModel.class).summary().evaluations(),
                    plan.cachePassesDuringFit(4));
                List<Transformer> seq = PlanPassCountTest.sequential(pipeline, raw);
                assertArrayEquals(((ImputerModel) seq.get(1)).surrogates(),
                    model.stage(ImputerModel.class).surrogates(), 1e-12);
                StandardScalerModel s1 = (StandardScalerModel) seq.get(3);
                StandardScalerModel s2 = model.stage(StandardScalerModel.class);
                assertArrayEquals(s1.mean(), s2.mean(), 1e-12 * 1000, strategy + ": scaler means (values up to 4254)");
                assertArrayEquals(s1.std(), s2.std(), 1e-12 * 1000, strategy + ": scaler std");
                for (int j = 0; j < s1.mean().length; j++) {
                    assertEquals(s1.mean()[j], s2.mean()[j], 1e-12 * Math.abs(s1.mean()[j]), "relative mean " + j);
                    assertEquals(s1.std()[j], s2.std()[j], 1e-12 * Math.abs(s1.std()[j]), "relative std " + j);
                }
                LogisticRegressionModel l1 = (LogisticRegressionModel) seq.get(4);
                LogisticRegressionModel l2 = model.stage(LogisticRegressionModel.class);
                assertArrayEquals(l1.coefficients(), l2.coefficients(), 1e-12, strategy + ": coefficients");
                assertArrayEquals(l1.intercepts(), l2.intercepts(), 1e-12, strategy + ": intercepts");
            }
        }
    }

    static Pipeline pipeline(Frame raw, String strategy) {
        StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label").fit(raw);
        String[] out = new String[HOLED.length];
        for (int i = 0; i < HOLED.length; i++) {
            out[i] = HOLED[i] + "_imputed";
        }
        List<String> assembled = new ArrayList<>(List.of(out));
        for (String n : raw.schema().names()) {
            if (!n.equals("diagnosis") && !List.of(HOLED).contains(n)) {
                assembled.add(n);
            }
        }
        return new Pipeline(labels,
            new Imputer().with(Imputer.INPUT_COLS, HOLED).with(Imputer.OUTPUT_COLS, out)
                .with(Imputer.STRATEGY, strategy),
            new VectorAssembler().inputCols(assembled.toArray(String[]::new)).outputCol("raw")
                .with(VectorAssembler.ELEMENT_TYPE, "double"),
            new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true),
            new LogisticRegression().regParam(0.01).elasticNetParam(0.5));
    }

    /** breast_cancer.csv with about 8% of the values of the {@link #HOLED} columns blanked (seeded). */
    static Path withHoles(Path out) throws IOException {
        List<String> lines = Files.readAllLines(TestData.dataset("breast_cancer.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        Random random = new Random(SEED);
        List<String> result = new ArrayList<>();
        result.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (String h : HOLED) {
                if (random.nextDouble() < 0.08) {
                    cells[header.indexOf(h)] = "";
                }
            }
            result.add(String.join(",", cells));
        }
        Files.write(out, result, StandardCharsets.UTF_8);
        return out;
    }
}
