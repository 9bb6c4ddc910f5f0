package dev.ember.ml.algo.stat;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;

/**
 * Gathers, in one tree-aggregate pass, the weighted moments of a vector column and (optionally) the label
 * histogram. Rejects NaN features, non-class labels and invalid weights with the partition and row named.
 */
public final class Summarizer {
    private Summarizer() {
    }

    /**
     * The result of one summary pass.
     *
     * @param features the feature columns' statistics
     * @param labels the label histogram, or null if no label column was summarized as classes
     * @param labelMean the weighted label mean (numeric labels), else NaN
     * @param labelVariance the weighted sample variance of the label (numeric labels), else NaN
     * @param classFeatureSums per class {@code c} (row), the weighted sums of the features over that class's rows
     *     ({@code sum_{y=c} w x}), when gathered ({@code classSums}), else null
     */
    public record Summary(ColumnSummary features, LabelSummary labels, double labelMean, double labelVariance,
                          double[][] classFeatureSums) {
    }

    /**
     * Summarizes the features and a numeric (regression) label in one pass.
     *
     * @param frame the data
     * @param featuresCol a vector column
     * @param labelCol a numeric label column
     * @param weightCol a weight column, or null
     * @param depth the tree-aggregate depth
     * @return the summary, with {@code labelMean} and {@code labelVariance}
     */
    public static Summary summarizeRegression(Frame frame, String featuresCol, String labelCol, String weightCol,
                                             int depth) {
        return summarize(frame, featuresCol, labelCol, weightCol, depth, true);
    }

    /**
     * @param frame the data
     * @param featuresCol a vector column
     * @param labelCol a numeric column of class indices 0..K-1, or null
     * @param weightCol a numeric column of non-negative weights, or null for unit weights
     * @param depth the tree-aggregate depth
     * @return the summary
     */
    public static Summary summarize(Frame frame, String featuresCol, String labelCol, String weightCol, int depth) {
        return summarize(frame, featuresCol, labelCol, weightCol, depth, false);
    }

    /**
     * As {@link #summarize(Frame, String, String, String, int)}, with each class's weighted feature sums
     * ({@link Summary#classFeatureSums()}) gathered in the same pass.
     *
     * @param frame the data
     * @param featuresCol a vector column
     * @param labelCol a numeric column of class indices 0..K-1
     * @param weightCol a weight column, or null
     * @param depth the tree-aggregate depth
     * @return the summary
     */
    public static Summary summarizeClasses(Frame frame, String featuresCol, String labelCol, String weightCol,
                                           int depth) {
        AggregateCall<WeightedMoments> call = call(frame.schema(), featuresCol, labelCol, weightCol, false, true);
        return fromMoments(frame.treeAggregate(call, depth), featuresCol, labelCol, weightCol, false);
    }

    private static Summary summarize(Frame frame, String featuresCol, String labelCol, String weightCol, int depth,
                                     boolean numericLabel) {
        AggregateCall<WeightedMoments> call = call(frame.schema(), featuresCol, labelCol, weightCol, numericLabel);
        return fromMoments(frame.treeAggregate(call, depth), featuresCol, labelCol, weightCol, numericLabel);
    }

    /**
     * The summary as a statistic request, for a two-phase fit: gathered in a shared pass, read back by
     * {@link #summary(FitContext, String, String, String, boolean)} with the same columns.
     *
     * @param schema the data's schema (the columns are checked)
     * @param featuresCol a vector column
     * @param labelCol a label column, or null
     * @param weightCol a weight column, or null
     * @param numericLabel whether the label is numeric (regression) rather than class indices
     * @return the request, of kind {@code summary} on the features column
     */
    public static Statistic<?> statistic(Schema schema, String featuresCol, String labelCol, String weightCol,
                                         boolean numericLabel) {
        return Statistic.of("summary", featuresCol, call(schema, featuresCol, labelCol, weightCol, numericLabel));
    }

    /**
     * @param context a context gathered with {@link #statistic} on the same columns
     * @param featuresCol the vector column
     * @param labelCol the label column, or null
     * @param weightCol the weight column, or null
     * @param numericLabel as given to {@link #statistic}
     * @return the summary
     */
    public static Summary summary(FitContext context, String featuresCol, String labelCol, String weightCol,
                                  boolean numericLabel) {
        WeightedMoments m = context.get(Statistic.of("summary", featuresCol,
            call(context.schema(), featuresCol, labelCol, weightCol, numericLabel)));
        return fromMoments(m, featuresCol, labelCol, weightCol, numericLabel);
    }

    /**
     * The request of {@link #summarizeClasses} for a two-phase fit: the summary of class labels with each
     * class's feature sums, read back by {@link #classesSummary}.
     *
     * @param schema the data's schema
     * @param featuresCol a vector column
     * @param labelCol a column of class indices
     * @param weightCol a weight column, or null
     * @return the request, of kind {@code summary} on the features column
     */
    public static Statistic<?> classesStatistic(Schema schema, String featuresCol, String labelCol,
                                                String weightCol) {
        return Statistic.of("summary", featuresCol, call(schema, featuresCol, labelCol, weightCol, false, true));
    }

    /**
     * @param context a context gathered with {@link #classesStatistic} on the same columns
     * @param featuresCol the vector column
     * @param labelCol the label column
     * @param weightCol the weight column, or null
     * @return the summary, with {@link Summary#classFeatureSums()}
     */
    public static Summary classesSummary(FitContext context, String featuresCol, String labelCol,
                                         String weightCol) {
        WeightedMoments m = context.get(Statistic.of("summary", featuresCol,
            call(context.schema(), featuresCol, labelCol, weightCol, false, true)));
        return fromMoments(m, featuresCol, labelCol, weightCol, false);
    }

    /**
     * The accumulator {@link #statistic} would gather (features only, unit weights, no label) from per-column
     * moments known otherwise, such as moments derived through imputation.
     *
     * @param rows the number of rows
     * @param mean per column
     * @param m2 per column, sums of squared deviations from the mean
     * @param min per column
     * @param max per column
     * @return the accumulator, to put in a {@link FitContext} under the request of {@link #statistic}
     */
    public static Object unitWeightMoments(long rows, double[] mean, double[] m2, double[] min, double[] max) {
        WeightedMoments m = new WeightedMoments(mean.length);
        m.count = rows;
        m.weightSum = rows;
        m.weightSqSum = rows;
        System.arraycopy(mean, 0, m.mean, 0, mean.length);
        System.arraycopy(m2, 0, m.m2, 0, m2.length);
        System.arraycopy(min, 0, m.min, 0, min.length);
        System.arraycopy(max, 0, m.max, 0, max.length);
        return m;
    }

    /**
     * The summary's aggregate call, for a shared statistics pass ({@link dev.ember.ml.core.stats.Statistic}).
     *
     * @param schema the data's schema (the columns are checked)
     * @param featuresCol a vector column
     * @param labelCol a label column, or null
     * @param weightCol a weight column, or null
     * @param numericLabel whether the label is numeric (regression) rather than class indices
     * @return the call
     */
    static AggregateCall<WeightedMoments> call(Schema schema, String featuresCol, String labelCol,
                                                      String weightCol, boolean numericLabel) {
        return call(schema, featuresCol, labelCol, weightCol, numericLabel, false);
    }

    private static AggregateCall<WeightedMoments> call(Schema schema, String featuresCol, String labelCol,
                                                       String weightCol, boolean numericLabel, boolean classSums) {
        schema.require(featuresCol, DataType.VECTOR);
        KernelParams.Builder p = KernelParams.builder().put("featuresCol", featuresCol)
            .put("numericLabel", numericLabel);
        if (classSums) {
            p.put("classSums", true);
        }
        if (labelCol != null) {
            schema.require(labelCol, DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
            p.put("labelCol", labelCol);
        }
        if (weightCol != null) {
            schema.require(weightCol, DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
            p.put("weightCol", weightCol);
        }
        return AggregateCall.of(StatKernels.Summary.class, p.build());
    }

    /**
     * The summary from the combined accumulator of {@link #call}.
     *
     * @param m the accumulator
     * @param featuresCol the vector column
     * @param labelCol the label column, or null
     * @param weightCol the weight column, or null
     * @param numericLabel as given to {@link #call}
     * @return the summary
     */
    static Summary fromMoments(WeightedMoments m, String featuresCol, String labelCol, String weightCol,
                                      boolean numericLabel) {
        if (m == null || m.count == 0) {
            throw new InvalidArgumentException("column '" + featuresCol + "' has no rows to fit on");
        }
        if (!(m.weightSum > 0)) {
            throw new InvalidArgumentException("the weights in column '" + weightCol + "' sum to " + m.weightSum
                + ", expected > 0");
        }
        double denom = m.weightSum - m.weightSqSum / m.weightSum;
        return new Summary(ColumnSummary.of(m),
            labelCol == null || numericLabel ? null : new LabelSummary(m.labelWeights),
            numericLabel ? m.labelMean : Double.NaN,
            numericLabel ? (denom > 0 ? m.labelM2 / denom : 0) : Double.NaN, classFeatureSums(m));
    }

    /** Every class's feature sums from the per-class sums of classes >= 1: class 0's are the total minus theirs. */
    private static double[][] classFeatureSums(WeightedMoments m) {
        if (m.classSums == null) {
            return null;
        }
        int classes = Math.max(m.labelWeights.length, m.classSums.length + 1);
        int d = m.width();
        double[][] out = new double[classes][d];
        for (int j = 0; j < d; j++) {
            out[0][j] = m.weightSum * m.mean[j];
        }
        for (int c = 1; c < classes; c++) {
            if (c - 1 < m.classSums.length) {
                System.arraycopy(m.classSums[c - 1], 0, out[c], 0, d);
            }
            for (int j = 0; j < d; j++) {
                out[0][j] -= out[c][j];
            }
        }
        return out;
    }
}
