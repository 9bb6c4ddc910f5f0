package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Principal component analysis of a vector column, as Spark's {@code PCA}: the model projects each row onto the
 * top {@code k} principal components (the eigenvectors of the sample covariance matrix with the largest
 * eigenvalues). As in Spark, the projection is <b>not centered</b>: {@code out = x . pc}, not
 * {@code (x - mean) . pc} (scikit-learn centers; the two differ by the constant {@code mean . pc}).
 *
 * <p>{@link #fit} is one tree-aggregate pass of the count, mean and centered scatter matrix
 * ({@link ScatterMatrix}, merged exactly between partitions), then an eigen-decomposition of the sample
 * covariance {@code S / (n - 1)} with Commons Math's {@link EigenDecomposition}. Components are sorted by
 * decreasing eigenvalue; {@code explainedVariance} is each component's eigenvalue over the sum of all
 * eigenvalues (the proportion of variance, as Spark's). Eigenvalues that rounding leaves slightly negative are
 * taken by magnitude, as Spark's singular values are.
 *
 * <p>Sign convention: an eigenvector's sign is arbitrary (Spark leaves it to LAPACK). Ember fixes it so that
 * each component's entry of largest magnitude is positive (the first such entry on a tie), which makes the
 * result deterministic across partitionings and platforms.
 *
 * <p>Fitting refuses null rows and non-finite values with their column, partition, row and element. The output
 * keeps the input's element type; a NaN input element makes the row's projection NaN.
 */
@CheckReturnValue
public final class PCA extends EstimatorBase<PCA, PCAModel> {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "pcaFeatures");
    /** The number of components. */
    public static final Param<Integer> K = Param.ofInt("k", "the number of principal components (1 <= k <= width)",
        null, ParamValidators.gtEq(1));

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, K);

    /** A new PCA; set {@link #K}. */
    public PCA() {
        this(Uids.random("PCA"), ParamMap.empty());
    }

    private PCA(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public PCA inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public PCA outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param k the number of components @return a copy with {@link #K} set */
    public PCA k(int k) {
        return with(K, k);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected PCA withParams(ParamMap params) {
        return new PCA(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL), get(K));
    }

    static Schema outputSchema(Schema schema, String inputCol, String outputCol, int k) {
        Field in = schema.require(inputCol, DataType.VECTOR);
        if (!in.hasUnknownWidth() && k > in.vectorSize()) {
            throw new InvalidArgumentException("PCA: found k=" + k + ", expected at most the width "
                + in.vectorSize() + " of column '" + inputCol + "'");
        }
        return schema.add(Field.vector(outputCol, k, in.elementType()).withSlotNames(slotNames(outputCol, k)));
    }

    /**
     * The names of the output's slots, so that a model fitted downstream reports its coefficients and importances
     * by component ({@code coefficientsByName()}): {@code <outputCol>_pca0 ... <outputCol>_pca<k-1>}, in order of
     * decreasing explained variance. scikit-learn's {@code PCA.get_feature_names_out()} names them {@code pca0,
     * pca1, ...}; the output column's name in front keeps the names unique when several PCA outputs are assembled
     * into one vector (Spark leaves them unnamed).
     *
     * @param outputCol the output column
     * @param k the number of components
     * @return the k names
     */
    public static List<String> slotNames(String outputCol, int k) {
        List<String> names = new java.util.ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(outputCol + "_pca" + i);
        }
        return names;
    }

    @Override
    protected PCAModel fitModel(Frame frame, Provenance.Recorder rec) {
        int d = frame.schema().field(get(INPUT_COL)).vectorSize();
        int k = get(K);
        ScatterMatrix s = frame.treeAggregate(AggregateCall.of(ProjectionKernels.Scatter.class, KernelParams.builder()
            .put("inputCol", get(INPUT_COL)).put("width", d).build()), 2);
        if (s.count < 2) {
            throw new InvalidArgumentException("PCA: column '" + get(INPUT_COL) + "': found " + s.count
                + " rows, expected at least 2 to estimate a covariance");
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i][j] = s.get(i, j) / (s.count - 1);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        double total = 0;
        for (int i = 0; i < d; i++) {
            order[i] = i;
            values[i] = Math.abs(values[i]);
            total += values[i];
        }
        double[] byMagnitude = values;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> byMagnitude[i]).reversed());
        double[][] pc = new double[d][k];
        double[] explained = new double[k];
        for (int c = 0; c < k; c++) {
            double[] v = eig.getEigenvector(order[c]).toArray();
            orient(v);
            for (int j = 0; j < d; j++) {
                pc[j][c] = v[j];
            }
            explained[c] = total > 0 ? values[order[c]] / total : 0;
            rec.metric("explainedVariance." + c, explained[c]);
        }
        PCAModel model = new PCAModel(uid(), paramMap(), pc, explained, rec.metric("rowCount", s.count).finish());
        return model;
    }

    /** Flips {@code v} so that its entry of largest magnitude (the first, on a tie) is positive. */
    static void orient(double[] v) {
        int at = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[at])) {
                at = j;
            }
        }
        if (v[at] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
    }

    static PCA load(StageReader reader) {
        return new PCA(reader.uid(), reader.params(PARAMS));
    }
}
