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
     */
    public record Summary(ColumnSummary features, LabelSummary labels, double labelMean, double labelVariance) {
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
        schema.require(featuresCol, DataType.VECTOR);
        KernelParams.Builder p = KernelParams.builder().put("featuresCol", featuresCol)
            .put("numericLabel", numericLabel);
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
            numericLabel ? (denom > 0 ? m.labelM2 / denom : 0) : Double.NaN);
    }
}
