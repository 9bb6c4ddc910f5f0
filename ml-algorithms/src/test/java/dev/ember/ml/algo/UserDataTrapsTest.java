package dev.ember.ml.algo;

import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.tree.DecisionTreeClassifier;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.tree.DecisionTreeClassificationModel;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user met fitting their own data (issue 13), on {@code wine.csv} and {@code vehicle.csv}: labels
 * 1..3 fit a 4-class model with an empty class 0 without a word, and a NaN in the features was reported as
 * "partition 0, row 9" instead of the file and line.
 */
class UserDataTrapsTest {
    private static Runtime runtime;

    @BeforeAll
    static void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static String[] features(Frame f, String label) {
        return f.schema().names().stream().filter(n -> !n.equals(label)).toArray(String[]::new);
    }

    /** wine.csv with labels 1, 2, 3 (its cultivars indexed, plus one) and the features assembled. */
    private static Frame wineLabelledFromOne() {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(3).read(TestData.dataset("wine.csv"));
        Frame indexed = new StringIndexer().inputCol("cultivar").outputCol("idx").stringOrderType("alphabetAsc")
            .fit(raw).transform(raw).withColumn("label", "idx + 1");
        String[] cols = features(raw, "cultivar");
        return new VectorAssembler().inputCols(cols).outputCol("features").transform(indexed).cache();
    }

    @Test
    void shouldWarnNamingTheEmptyClassWhenLabelsStartAtOne() {
        Frame f = wineLabelledFromOne();
        List<Estimator<?>> classifiers = List.of(new LogisticRegression().maxIter(20),
            new NaiveBayes().modelType("gaussian"), new DecisionTreeClassifier().maxDepth(3),
            new RandomForestClassifier().numTrees(3).maxDepth(3).seed(7));
        for (Estimator<?> c : classifiers) {
            String log = stderrOf(() -> c.fit(f));
            String name = c.getClass().getSimpleName();
            assertTrue(log.contains(name + ": label column 'label' has no rows of class [0]")
                && log.contains("StringIndexer"), name + " logged: " + log);
        }
        // 0-based labels: no warning
        Frame zeroBased = f.withColumn("label0", "label - 1");
        String log = stderrOf(() -> new LogisticRegression().labelCol("label0").maxIter(20).fit(zeroBased));
        assertFalse(log.contains("has no rows of class"), log);
    }

    @Test
    void shouldFitEveryClassTheIndexerLabelsNameWhenATrainingSplitLacksOne() {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(3).read(TestData.dataset("iris.csv"));
        StringIndexerModel indexer = new StringIndexer().inputCol("species").outputCol("label")
            .stringOrderType("alphabetAsc").fit(raw);
        assertEquals(List.of("setosa", "versicolor", "virginica"), indexer.labels());
        Frame all = new VectorAssembler().inputCols(features(raw, "species")).outputCol("features")
            .transform(indexer.transform(raw)).cache();
        Frame train = all.filter("label < 2");                        // a split without virginica
        assertEquals(indexer.labels(), train.schema().field("label").labels(), "the split keeps the labels");
        List<Estimator<? extends Model>> classifiers = List.of(
            new LogisticRegression().family("multinomial").maxIter(50),
            new NaiveBayes(), new DecisionTreeClassifier().maxDepth(3));
        for (Estimator<? extends Model> c : classifiers) {
            String name = c.getClass().getSimpleName();
            Model[] fitted = new Model[1];
            String log = stderrOf(() -> fitted[0] = c.fit(train));
            assertTrue(log.contains(name + ": label column 'label' has no rows of class 2 ('virginica')"), name
                + " logged: " + log);
            int k = fitted[0] instanceof LogisticRegressionModel lr ? lr.numClasses()
                : fitted[0] instanceof NaiveBayesModel nb ? nb.numClasses()
                : ((DecisionTreeClassificationModel) fitted[0]).numClasses();
            assertEquals(3, k, name + ": as many classes as the labels");
            Frame predicted = fitted[0].transform(all);
            assertEquals(3, predicted.schema().field("probability").vectorSize(), name);
            double[][] probability = predicted.collectVectors("probability");
            double[] prediction = predicted.collectDoubles("prediction");
            for (int r = 0; r < probability.length; r++) {
                assertEquals(1.0, probability[r][0] + probability[r][1] + probability[r][2], 1e-9, name + " row " + r);
                // smoothed NaiveBayes gives an unseen class a small prior and uniform likelihoods (checked below)
                assertTrue(probability[r][2] < (c instanceof NaiveBayes ? 1e-2 : 1e-3), name + " row " + r
                    + ": virginica, never seen, has " + probability[r][2]);
                assertTrue(prediction[r] < 2, name + " row " + r);
            }
        }
        NaiveBayesModel nb = new NaiveBayes().fit(train);
        assertEquals(Math.log(1.0 / (100 + 3)), nb.pi()[2], 1e-12, "Spark's prior: log((0 + 1) / (n + K * 1))");
        for (double t : nb.theta()[2]) {
            assertEquals(Math.log(1.0 / 4), t, 1e-12, "Spark's likelihood of an empty class: log(1 / (d * 1))");
        }
        // the data disagrees with the labels: an indexer fitted on the split keeps an unseen label as index 2
        StringIndexerModel partial = new StringIndexer().inputCol("species").outputCol("label2")
            .stringOrderType("alphabetAsc").handleInvalid("keep").fit(raw.filter("species != 'virginica'"));
        Frame relabelled = partial.transform(all);
        LogisticRegressionModel[] lr = new LogisticRegressionModel[1];
        String log = stderrOf(() -> lr[0] = new LogisticRegression().labelCol("label2").maxIter(20).fit(relabelled));
        assertTrue(log.contains("label column 'label2' holds class index 2, but its metadata names 2 classes"), log);
        assertEquals(3, lr[0].numClasses(), "the data wins");
    }

    @Test
    void shouldNameFileAndLineWhenAFeatureIsNaN(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(TestData.dataset("vehicle.csv")));
        // data row 500 (line 501) gets a NaN in its first column
        String row = lines.get(500);
        lines.set(500, "NaN" + row.substring(row.indexOf(',')));
        Path file = Files.write(dir.resolve("vehicle-nan.csv"), lines);
        for (int parts : new int[] {1, 4, 7}) {
            Frame raw = CsvReader.builder().runtime(runtime).numPartitions(parts).read(file);
            Frame f = new VectorAssembler().inputCols(features(raw, "Class")).outputCol("raw")
                .handleInvalid("keep").transform(raw);
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new StandardScaler().inputCol("raw").outputCol("features").fit(f));
            assertTrue(e.getMessage().contains("file " + file.toAbsolutePath().normalize() + ", row 500, line 501")
                && e.getMessage().contains("NaN"), parts + " partitions: " + e.getMessage());
            Frame indexed = new StringIndexer().inputCol("Class").outputCol("label").fit(f).transform(f);
            InvalidArgumentException lr = assertThrows(InvalidArgumentException.class,
                () -> new LogisticRegression().featuresCol("raw").fit(indexed));
            assertTrue(lr.getMessage().contains("row 500, line 501"), parts + " partitions: " + lr.getMessage());
        }
    }

    @Test
    void shouldNameEachSidesFileAndLineWhenANaNRowFollowsAUnion(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(TestData.dataset("wine.csv"));
        String header = lines.get(0);
        for (boolean nanInSecond : new boolean[] {false, true}) {
            List<String> a = new ArrayList<>(lines.subList(0, 101));         // data rows 1..100
            List<String> b = new ArrayList<>(List.of(header));
            b.addAll(lines.subList(101, lines.size()));                      // data rows 101..178 as 1..78
            // the second file's cultivar column has a blank, so it is nullable there and not in the first: the
            // union re-encodes that side's partitions (the path that dropped the origin)
            String last = b.get(70);
            b.set(70, last.substring(0, last.lastIndexOf(',') + 1));
            List<String> bad = nanInSecond ? b : a;
            String row = bad.get(50);
            bad.set(50, "NaN" + row.substring(row.indexOf(',')));            // alcohol of data row 50, line 51
            Path fa = Files.write(dir.resolve("wine-a-" + nanInSecond + ".csv"), a);
            Path fb = Files.write(dir.resolve("wine-b-" + nanInSecond + ".csv"), b);
            Path expected = (nanInSecond ? fb : fa).toAbsolutePath().normalize();
            for (int parts : new int[] {1, 4}) {
                CsvReader.Builder reader = CsvReader.builder().runtime(runtime).numPartitions(parts);
                Frame union = reader.read(fa).union(reader.read(fb));
                Frame f = new VectorAssembler().inputCols(features(union, "cultivar")).outputCol("raw")
                    .handleInvalid("keep").transform(union);
                InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> new StandardScaler().inputCol("raw").outputCol("features").fit(f));
                assertTrue(e.getMessage().contains("file " + expected + ", row 50, line 51")
                    && e.getMessage().contains("NaN"), parts + " partitions: " + e.getMessage());
            }
        }
    }

    @Test
    void shouldNameTheFrameAndRowOfABadRowBuiltInMemoryOnceAUnionMovedIt() {
        Frame built = Frame.of(runtime, List.of(
            new Partition(0, List.of(ColumnBuilder.ofDoubles("x", 1, 2, 3), ColumnBuilder.ofDoubles("y", 0, 1, 0))),
            new Partition(1, List.of(ColumnBuilder.ofDoubles("x", 4, Double.NaN, 6),
                ColumnBuilder.ofDoubles("y", 1, 0, 1)))));
        Frame other = Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 7, 8), ColumnBuilder.ofDoubles("y", 1, 1));
        StandardScaler scaler = new StandardScaler().inputCol("raw").outputCol("features");
        VectorAssembler assembler = new VectorAssembler().inputCols("x").outputCol("raw").handleInvalid("keep");
        // unmoved, "partition 1, row 1" already says where the row is
        InvalidArgumentException unmoved = assertThrows(InvalidArgumentException.class,
            () -> scaler.fit(assembler.transform(built)));
        assertTrue(unmoved.getMessage().contains("partition 1, row 1, element 0: found NaN")
            && !unmoved.getMessage().contains("in-memory"), unmoved.getMessage());
        // after a union (and a filter) the row is partition 2, row 0 of the result: the origin names it
        for (Frame moved : List.of(other.union(built), other.union(built.filter("y < 1")))) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> scaler.fit(assembler.transform(moved)));
            assertTrue(e.getMessage().matches(
                "(?s).*row 4 of in-memory frame memory-\\d+ \\(its partition 1, row 1\\).*"), e.getMessage());
        }
    }

    @Test
    void shouldNameTheRowThatMadeAFeatureTextWhenAssembling(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(TestData.dataset("wine.csv")));
        String row = lines.get(42);
        lines.set(42, "\"13,1\"" + row.substring(row.indexOf(',')));   // a decimal comma: a text field
        Path file = Files.write(dir.resolve("wine-comma.csv"), lines);
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(3).read(file);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new VectorAssembler().inputCols(features(raw, "cultivar")).outputCol("features").transform(raw));
        assertTrue(e.getMessage().startsWith("column 'alcohol': found string")
            && e.getMessage().contains("row 42 (line 43), holds '13,1'"), e.getMessage());
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        old.print(s);
        return s;
    }
}
