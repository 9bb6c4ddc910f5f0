package dev.ember.ml.examples;

import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.algo.clustering.GaussianMixture;
import dev.ember.ml.algo.clustering.GaussianMixtureModel;
import dev.ember.ml.algo.clustering.KMeans;
import dev.ember.ml.algo.clustering.KMeansModel;
import dev.ember.ml.algo.evaluation.ClusteringEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * k-means, a Gaussian mixture and naive Bayes on {@code breast_cancer.csv} (569 tumours, 30 measurements, the
 * diagnosis held out of the clustering): k-means with k = 2 on the standardized measurements and its silhouette,
 * a two-component Gaussian mixture, how well each clustering recovers the diagnosis, and Gaussian and
 * multinomial naive Bayes classifiers scored on a 20 % test split.
 *
 * <p>Usage: {@code ClusteringAndBayesExample [data.csv]}.
 */
public final class ClusteringAndBayesExample {
    private ClusteringAndBayesExample() {
    }

    /**
     * @param args optional path of the CSV (default {@code examples/data/breast_cancer.csv})
     */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            // $example on$
            Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
            PipelineModel prep = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features").withMean(true))
                .fit(raw);
            Frame rows = prep.transform(raw).cacheNow();

            // k-means: k-means|| start from the seed, Lloyd iterations with Hamerly's bounds
            KMeansModel kmeans = new KMeans().k(2).seed(1).fit(rows);
            double silhouette = new ClusteringEvaluator().evaluate(kmeans.transform(rows));

            // a two-component Gaussian mixture with full covariances
            GaussianMixtureModel gmm = new GaussianMixture().k(2).seed(1).regCovar(1e-6).fit(rows);

            // naive Bayes: Gaussian on the standardized features, multinomial on the raw (non-negative) ones
            Frame[] split = rows.randomSplit(new double[] {0.8, 0.2}, 7);
            NaiveBayesModel gaussian = new NaiveBayes().modelType("gaussian").fit(split[0]);
            NaiveBayesModel multinomial = new NaiveBayes().featuresCol("raw").fit(split[0]);
            MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().metric("accuracy");
            double gaussianAccuracy = accuracy.evaluate(gaussian.transform(split[1]));
            double multinomialAccuracy = accuracy.evaluate(multinomial.transform(split[1]));
            // $example off$

            out.printf("k-means (k = 2): cost %.2f after %d iterations, cluster sizes %s, silhouette %.4f%n",
                kmeans.summary().trainingCost(), kmeans.summary().numIter(),
                java.util.Arrays.toString(kmeans.summary().clusterSizes()), silhouette);
            out.printf("k-means clusters agree with the diagnosis on %.1f %% of the tumours%n",
                100 * agreement(kmeans.transform(rows).collectDoubles("prediction"), rows.collectDoubles("label")));
            out.printf("Gaussian mixture (k = 2): log-likelihood %.2f after %d iterations, weights %.3f / %.3f%n",
                gmm.summary().logLikelihood(), gmm.summary().numIter(), gmm.weights()[0], gmm.weights()[1]);
            out.printf("mixture components agree with the diagnosis on %.1f %% of the tumours%n",
                100 * agreement(gmm.transform(rows).collectDoubles("prediction"), rows.collectDoubles("label")));
            out.printf("naive Bayes test accuracy: gaussian %.4f, multinomial %.4f%n", gaussianAccuracy,
                multinomialAccuracy);
        }
    }

    /** The share of rows where two 2-way labelings agree, up to swapping the labels. */
    static double agreement(double[] a, double[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return Math.max(same, a.length - same) / (double) a.length;
    }
}
