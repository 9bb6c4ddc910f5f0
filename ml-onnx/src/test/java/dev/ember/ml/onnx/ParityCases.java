package dev.ember.ml.onnx;

import dev.ember.ml.algo.classification.LinearSVC;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.clustering.KMeans;
import dev.ember.ml.algo.feature.Bucketizer;
import dev.ember.ml.algo.feature.Imputer;
import dev.ember.ml.algo.feature.MaxAbsScaler;
import dev.ember.ml.algo.feature.MinMaxScaler;
import dev.ember.ml.algo.feature.OneHotEncoder;
import dev.ember.ml.algo.feature.PCA;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.tree.DecisionTreeClassifier;
import dev.ember.ml.algo.tree.DecisionTreeRegressor;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.algo.tree.TreeEnsembleModel;
import dev.ember.ml.algo.tree.GBTRegressor;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.algo.tree.RandomForestRegressor;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pipelines the parity tests export, on the real datasets: every exportable stage appears in at least one,
 * each with the assembler's float (Ember's default) or double blocks. The label is indexed outside the pipeline
 * (a string label has no ONNX equivalent), so each graph reads only the feature columns.
 */
final class ParityCases {
    /** The seed of the forests and of the blanks punched into breast_cancer. */
    static final long SEED = 20261206L;

    /** All case names. */
    static final List<String> ALL = List.of("breast_cancer_logistic", "breast_cancer_svc", "breast_cancer_gbt",
        "breast_cancer_holes_imputer", "breast_cancer_holes_gbt", "wine_multinomial", "wine_pca", "iris_tree",
        "iris_forest", "iris_kmeans", "iris_species_onehot_linear", "diabetes_linear_buckets_onehot",
        "diabetes_gbt", "diabetes_forest", "diabetes_tree", "iris_species_categorical_gbt");

    private ParityCases() {
    }

    /**
     * A fitted case.
     *
     * @param model the fitted pipeline
     * @param data the frame it was fitted on (label included)
     * @param predicted the pipeline's output on it
     * @param csv the CSV file the data was read from
     */
    record Fitted(PipelineModel model, Frame data, Frame predicted, Path csv) {
    }

    /**
     * @param name a case of {@link #ALL}
     * @param elementType the assembler's element type, float or double
     * @param rt the runtime
     * @param tmp a directory for derived data files
     * @return the fitted case, on 3 partitions
     */
    static Fitted fit(String name, String elementType, Runtime rt, Path tmp) throws IOException {
        return fit(name, elementType, 3, rt, tmp);
    }

    /**
     * @param name a case of {@link #ALL}
     * @param elementType the assembler's element type, float or double
     * @param partitions how many partitions the CSV is read into
     * @param rt the runtime
     * @param tmp a directory for derived data files
     * @return the fitted case
     */
    static Fitted fit(String name, String elementType, int partitions, Runtime rt, Path tmp) throws IOException {
        String dataset = name.substring(0, name.indexOf('_', name.startsWith("breast") ? 7 : 0));
        Path csv = name.contains("holes") ? withHoles(tmp.resolve("breast_cancer_holes.csv"))
            : TestData.dataset(dataset + ".csv");
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions).read(csv);
        String labelSource = name.contains("species") ? "petal_width" : switch (dataset) {
            case "breast_cancer" -> "diagnosis";
            case "wine" -> "cultivar";
            case "iris" -> "species";
            default -> "progression";
        };
        Frame data = raw.schema().field(labelSource).type() == DataType.STRING
            ? new StringIndexer().inputCol(labelSource).outputCol("label").fit(raw).transform(raw)
            : raw.withColumn("label", labelSource);
        List<String> features = new ArrayList<>(raw.schema().names());
        features.remove(labelSource);
        List<PipelineStage> stages = new ArrayList<>();
        String[] holed = {"mean_radius", "mean_texture", "worst_area"};
        if (name.contains("holes_imputer")) {
            String[] out = new String[holed.length];
            for (int i = 0; i < holed.length; i++) {
                out[i] = holed[i] + "_imputed";
                features.set(features.indexOf(holed[i]), out[i]);
            }
            stages.add(new Imputer().inputCols(holed).outputCols(out).strategy("median"));
        }
        if (name.contains("species_categorical")) {
            // a string feature indexed and assembled as a categorical slot: the trees split on sets of species
            stages.add(new StringIndexer().inputCol("species").outputCol("species_index"));
            features.set(features.indexOf("species"), "species_index");
        }
        if (name.contains("species_onehot")) {
            // a string feature: indexed, one-hot encoded, beside the other measurements
            stages.add(new StringIndexer().inputCol("species").outputCol("species_index"));
            stages.add(new OneHotEncoder().inputCols("species_index").outputCols("species_onehot"));
            features.set(features.indexOf("species"), "species_onehot");
        }
        if (name.contains("buckets")) {
            stages.add(new Bucketizer().inputCol("age").outputCol("age_bucket")
                .splits(Double.NEGATIVE_INFINITY, 30, 45, 60, Double.POSITIVE_INFINITY));
            stages.add(new OneHotEncoder().inputCols("age_bucket", "sex").outputCols("age_onehot", "sex_onehot"));
            features.remove("age");
            features.remove("sex");
            features.add("age_onehot");
            features.add("sex_onehot");
        }
        // the cases with a scaler read the assembled block as "raw"
        String assembled = switch (name) {
            case "breast_cancer_logistic", "breast_cancer_svc", "wine_multinomial", "wine_pca" -> "raw";
            default -> "features";
        };
        // the trees learn where missing values go: blanks reach them as NaN
        stages.add(new VectorAssembler().inputCols(features.toArray(String[]::new)).outputCol(assembled)
            .with(VectorAssembler.ELEMENT_TYPE, elementType)
            .with(VectorAssembler.HANDLE_INVALID, name.contains("holes_gbt") ? "keep" : "error"));
        switch (name) {
            case "breast_cancer_logistic" -> {
                stages.add(new StandardScaler().inputCol("raw").outputCol("features")
                    .with(StandardScaler.WITH_MEAN, true));
                stages.add(new LogisticRegression().regParam(0.01));
            }
            case "breast_cancer_svc" -> {
                stages.add(new MinMaxScaler().inputCol("raw").outputCol("features"));
                stages.add(new LinearSVC().with(LinearSVC.REG_PARAM, 0.01));
            }
            case "breast_cancer_gbt" -> stages.add(new GBTClassifier().maxIter(10).maxDepth(3).seed(SEED));
            case "breast_cancer_holes_imputer" -> stages.add(new LogisticRegression().regParam(0.05));
            case "breast_cancer_holes_gbt" -> stages.add(new GBTClassifier().maxIter(10).maxDepth(4).seed(SEED));
            case "wine_multinomial" -> {
                stages.add(new MaxAbsScaler().inputCol("raw").outputCol("features"));
                stages.add(new LogisticRegression().regParam(0.01));
            }
            case "wine_pca" -> {
                stages.add(new StandardScaler().inputCol("raw").outputCol("scaled")
                    .with(StandardScaler.WITH_MEAN, true));
                stages.add(new PCA().inputCol("scaled").outputCol("features").k(5));
                stages.add(new LogisticRegression().regParam(0.01));
            }
            case "iris_tree" -> stages.add(new DecisionTreeClassifier());
            case "iris_forest" -> stages.add(new RandomForestClassifier().numTrees(10).seed(SEED));
            case "iris_species_onehot_linear" -> stages.add(new LinearRegression());
            case "iris_kmeans" -> stages.add(new KMeans().with(KMeans.K, 3).with(KMeans.SEED, SEED));
            case "diabetes_linear_buckets_onehot" -> stages.add(new LinearRegression());
            case "diabetes_gbt" -> stages.add(new GBTRegressor().maxIter(10).maxDepth(3).seed(SEED));
            case "diabetes_forest" -> stages.add(new RandomForestRegressor().numTrees(10).seed(SEED));
            case "diabetes_tree" -> stages.add(new DecisionTreeRegressor().maxDepth(5));
            case "iris_species_categorical_gbt" -> stages.add(new GBTRegressor().maxIter(10).maxDepth(3).seed(SEED));
            default -> throw new IllegalArgumentException("case " + name);
        }
        PipelineModel model = new Pipeline(stages.toArray(PipelineStage[]::new)).fit(data);
        if (name.contains("categorical") && model.stages().stream().noneMatch(s -> s instanceof TreeEnsembleModel<?> t
            && t.trees().stream().anyMatch(tree -> java.util.stream.IntStream.range(0, tree.numNodes())
                .anyMatch(n -> !tree.isLeaf(n) && tree.isCategorical(n))))) {
            throw new IllegalStateException(name + ": no tree splits on the categorical species");
        }
        return new Fitted(model, data, model.transform(data), csv);
    }

    /** breast_cancer.csv with about 8% of three columns blanked (seeded). */
    static Path withHoles(Path out) throws IOException {
        List<String> lines = Files.readAllLines(TestData.dataset("breast_cancer.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        Random random = new Random(SEED);
        List<String> result = new ArrayList<>();
        result.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (String h : new String[] {"mean_radius", "mean_texture", "worst_area"}) {
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
