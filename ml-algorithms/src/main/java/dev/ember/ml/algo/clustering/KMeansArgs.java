package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;

/** The typed parameters of the k-means kernels ({@link KMeansKernels}), with their wire codecs. */
final class KMeansArgs {
    private KMeansArgs() {
    }

    /**
     * What the k-means|| initialization passes read.
     *
     * @param featuresCol the vector column
     * @param weightCol the weight column, empty for none
     * @param unit whether rows are scaled to unit length (cosine)
     * @param seed the fit's seed
     * @param step the sampling round (0 for the first center)
     * @param count how many rows {@link KMeansKernels.PickTop} keeps
     * @param candidates the candidate centers so far, flat row-major (not copied; read-only)
     * @param sampleScale a row is sampled when its uniform draw is below {@code sampleScale * weight * cost}
     */
    record Candidates(String featuresCol, String weightCol, boolean unit, long seed, int step, int count,
                      double[] candidates, double sampleScale) {
        static final KernelArgs<Candidates> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("weightCol", a.weightCol())
                .put("unit", a.unit()).put("seed", a.seed()).put("step", (long) a.step())
                .put("count", (long) a.count()).put("candidates", a.candidates())
                .put("sampleScale", a.sampleScale()).build(),
            k -> new Candidates(k.getString("featuresCol"), k.getString("weightCol"), k.getBoolean("unit"),
                k.getLong("seed"), k.getInt("step"), k.getInt("count"), k.getDoubleArray("candidates"),
                k.getDouble("sampleScale")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What the Lloyd passes read.
     *
     * @param featuresCol the vector column
     * @param weightCol the weight column, empty for none
     * @param unit whether rows are scaled to unit length (cosine)
     * @param centers the current centers, flat row-major {@code k x d} (not copied; read-only)
     * @param moves how far each center moved since the previous state (Euclidean), for the bounds; empty for
     *     the first state
     */
    record Lloyd(String featuresCol, String weightCol, boolean unit, double[] centers, double[] moves) {
        static final KernelArgs<Lloyd> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("weightCol", a.weightCol())
                .put("unit", a.unit()).put("centers", a.centers()).put("moves", a.moves()).build(),
            k -> new Lloyd(k.getString("featuresCol"), k.getString("weightCol"), k.getBoolean("unit"),
                k.getDoubleArray("centers"), k.getDoubleArray("moves")));

        /** Checks that the moves, when given, are one per center. */
        Lloyd {
            if (moves.length != 0 && centers.length % moves.length != 0) {
                throw new InvalidArgumentException("k-means: found " + moves.length + " center moves for "
                    + centers.length + " center values, expected one move per center");
            }
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What prediction reads.
     *
     * @param featuresCol the vector column
     * @param predictionCol the output column (int cluster index)
     * @param unit whether rows are scaled to unit length (cosine)
     * @param centers the centers, flat row-major (not copied; read-only)
     */
    record Predict(String featuresCol, String predictionCol, boolean unit, double[] centers) {
        static final KernelArgs<Predict> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("predictionCol", a.predictionCol())
                .put("unit", a.unit()).put("centers", a.centers()).build(),
            k -> new Predict(k.getString("featuresCol"), k.getString("predictionCol"), k.getBoolean("unit"),
                k.getDoubleArray("centers")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }
}
