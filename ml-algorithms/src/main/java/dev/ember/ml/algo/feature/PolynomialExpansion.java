package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
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
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * Expands a vector column into all monomials of its elements of degree 1 to {@code degree}, as Spark's
 * {@code PolynomialExpansion}, in the same order: for {@code (x, y)} and degree 2, {@code (x, x^2, y, x y, y^2)};
 * in general the monomials {@code x_0^e_0 ... x_{d-1}^e_{d-1}} ordered lexicographically by
 * {@code (e_{d-1}, e_{d-2}, ..., e_0)}, the constant left out. The output width is
 * {@code C(d + degree, degree) - 1}.
 *
 * <p>One fused pass, written straight into the output block, which keeps the input's element type. Null rows
 * are refused with their column, partition and row; a NaN propagates into the monomials that hold it (a monomial
 * with a zero factor is 0, as in Spark).
 */
@CheckReturnValue
public final class PolynomialExpansion extends StageBase<PolynomialExpansion> implements Transformer {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "polyFeatures");
    /** The highest degree. */
    public static final Param<Integer> DEGREE = Param.ofInt("degree", "the highest degree of the monomials (>= 1)",
        2, ParamValidators.gtEq(1));

    /** The widest output whose slots are named after their monomials. */
    static final int MAX_NAMED_SLOTS = 10_000;

    private static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, DEGREE);

    /** A new expansion of degree 2. */
    public PolynomialExpansion() {
        this(Uids.random("PolynomialExpansion"), ParamMap.empty());
    }

    private PolynomialExpansion(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public PolynomialExpansion inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public PolynomialExpansion outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param degree the highest degree @return a copy with {@link #DEGREE} set */
    public PolynomialExpansion degree(int degree) {
        return with(DEGREE, degree);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected PolynomialExpansion withParams(ParamMap params) {
        return new PolynomialExpansion(uid(), params);
    }

    /**
     * @param n the number of variables
     * @param degree the highest degree
     * @return {@code C(n + degree, degree)}: the number of monomials of degree at most {@code degree}, 1 included
     * @throws InvalidArgumentException if it does not fit an int
     */
    static int size(int n, int degree) {
        long m = (long) n + degree;
        long k = Math.min(n, degree);
        long c = 1;
        for (long i = 1; i <= k; i++) {
            c = c * (m - k + i) / i;
            if (c > Integer.MAX_VALUE) {
                throw new InvalidArgumentException("PolynomialExpansion: found " + n + " features and degree "
                    + degree + ", expected an output width that fits an int");
            }
        }
        return (int) c;
    }

    /**
     * @param d the number of variables
     * @param degree the highest degree
     * @return {@code t[n][g] = size(n, g)} for {@code n <= d}, {@code g <= degree}
     */
    static int[][] sizeTable(int d, int degree) {
        int[][] t = new int[d + 1][degree + 1];
        for (int n = 0; n <= d; n++) {
            for (int g = 0; g <= degree; g++) {
                t[n][g] = size(n, g);
            }
        }
        return t;
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Field in = schema.require(get(INPUT_COL), DataType.VECTOR);
        if (in.hasUnknownWidth()) {
            return schema.add(Field.vectorOfUnknownWidth(get(OUTPUT_COL), in.elementType()));
        }
        int width = size(in.vectorSize(), get(DEGREE)) - 1;
        // monomials are named up to MAX_NAMED_SLOTS; past that the names would cost more than they tell
        List<String> names = width <= MAX_NAMED_SLOTS ? monomialNames(in.slotNamesOrIndexed(), get(DEGREE)) : null;
        return schema.add(Field.vector(get(OUTPUT_COL), width, in.elementType()).withSlotNames(names));
    }

    /**
     * The name of each output slot, in the kernel's order ({@code ProjectionKernels.Polynomial.expand}): the
     * monomial of the input slots' names, such as {@code a}, {@code a^2}, {@code b}, {@code a*b}, {@code b^2}.
     *
     * @param names the input slots' names
     * @param degree the highest degree
     * @return one name per output slot
     */
    static List<String> monomialNames(List<String> names, int degree) {
        if (names == null) {
            return null;
        }
        int d = names.size();
        String[] out = new String[size(d, degree) - 1];
        names(names, d - 1, degree, new int[d], out, -1, sizeTable(d, degree));
        return List.of(out);
    }

    private static int names(List<String> x, int last, int degree, int[] powers, String[] out, int at,
                             int[][] sizes) {
        int end = at + sizes[last + 1][degree];
        if (degree == 0 || last < 0) {
            if (at >= 0) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < powers.length; j++) {
                    if (powers[j] > 0) {
                        sb.append(sb.length() == 0 ? "" : "*").append(x.get(j))
                            .append(powers[j] > 1 ? "^" + powers[j] : "");
                    }
                }
                out[at] = sb.toString();
            }
            return end;
        }
        int next = at;
        for (int p = 0; p <= degree; p++) {
            powers[last] = p;
            next = names(x, last - 1, degree - p, powers, out, next, sizes);
        }
        powers[last] = 0;
        return end;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(ProjectionKernels.Polynomial.class, KernelParams.builder()
            .put("inputCol", get(INPUT_COL))
            .put("outputCol", get(OUTPUT_COL))
            .put("degree", (long) get(DEGREE))
            .build()), out);
    }

    static PolynomialExpansion load(StageReader reader) {
        return new PolynomialExpansion(reader.uid(), reader.params(PARAMS));
    }
}
