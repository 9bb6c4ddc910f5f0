package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.testkit.TestData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The breast-cancer data prepared for tuning tests, and the brute-force loop the tests compare against. */
final class TuningData {
    /** Converged tightly, so that fits of the same rows stored differently (masked or copied) agree. */
    static final LogisticRegression LR = new LogisticRegression().maxIter(1000).tol(1e-12);
    /** Feature storage of the test data. */
    static final String ELEMENT_TYPE = "double";
    static final BinaryClassificationEvaluator AUC = new BinaryClassificationEvaluator();

    private TuningData() {
    }

    /**
     * @return standardized features (double vector of 30) and label (0/1), cached, in {@code partitions}
     *     partitions. Well conditioned and stored as doubles, so that a fit converges to the same optimum to
     *     about 1e-10 whether its rows are masked by weights or copied into a frame of their own (with float
     *     storage the two agree to about 1e-5 in the coefficients, the float kernels' precision)
     */
    static Frame breastCancer(Runtime rt, int partitions) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions)
            .read(TestData.dataset("breast_cancer.csv"));
        List<String> measurements = new ArrayList<>(raw.schema().names());
        measurements.remove("diagnosis");
        Pipeline prep = new Pipeline(new StringIndexer().inputCol("diagnosis").outputCol("label"),
            new VectorAssembler().inputCols(measurements.toArray(String[]::new)).outputCol("raw")
                .with(VectorAssembler.ELEMENT_TYPE, ELEMENT_TYPE),
            new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true));
        return prep.fit(raw).transform(raw).select("features", "label").cacheNow();
    }

    /** @return regParam {0.001, 0.01, 0.1} x elasticNetParam {0, 0.5} on {@link #LR} */
    static List<ParamMap> grid() {
        return new ParamGridBuilder()
            .addGrid(LR, LogisticRegression.REG_PARAM, 0.001, 0.01, 0.1)
            .addGrid(LR, LogisticRegression.ELASTIC_NET_PARAM, 0.0, 0.5)
            .build();
    }

    /**
     * Fits every setting with plain fits on the rows outside each fold (a new frame of those rows) and scores it
     * on the fold's rows.
     *
     * @return {@code metrics[setting][fold]}
     */
    static double[][] bruteForce(Runtime rt, double[][] features, double[] labels, int[] folds, int numFolds,
                                 List<ParamMap> maps, int[] validationFolds) {
        double[][] out = new double[maps.size()][validationFolds.length];
        for (int s = 0; s < validationFolds.length; s++) {
            int f = validationFolds[s];
            for (int i = 0; i < maps.size(); i++) {
                Frame train = rows(rt, features, labels, folds, f, false);
                Frame valid = rows(rt, features, labels, folds, f, true);
                Model m = LR.fit(train, maps.get(i));
                out[i][s] = AUC.evaluate(m.transform(valid));
            }
        }
        return out;
    }

    /** @return a new two-partition frame of the rows in fold f ({@code in}) or outside it */
    static Frame rows(Runtime rt, double[][] features, double[] labels, int[] folds, int f, boolean in) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int r = 0; r < labels.length; r++) {
            if ((folds[r] == f) == in) {
                x.add(features[r]);
                y.add(labels[r]);
            }
        }
        int half = x.size() / 2;
        return Frame.of(rt, List.of(part(0, x.subList(0, half), y.subList(0, half)),
            part(1, x.subList(half, x.size()), y.subList(half, y.size()))));
    }

    private static Partition part(int index, List<double[]> x, List<Double> y) {
        return new Partition(index, List.of(
            ColumnBuilder.ofVectors("features", DataType.DOUBLE, x.toArray(double[][]::new)),
            ColumnBuilder.ofDoubles("label", y.stream().mapToDouble(Double::doubleValue).toArray())));
    }

    static double[] mean(double[][] m) {
        return Arrays.stream(m).mapToDouble(Stats::mean).toArray();
    }
}
