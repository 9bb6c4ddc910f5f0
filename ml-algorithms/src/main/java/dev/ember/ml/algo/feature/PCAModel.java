package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * The fitted {@link PCA}: the d x k matrix of principal components (one per column, by decreasing explained
 * variance, each with its largest-magnitude entry positive) and each component's proportion of the variance.
 */
@CheckReturnValue
public final class PCAModel extends ModelBase<PCAModel> {
    private final double[][] pc;
    private final double[] explainedVariance;

    PCAModel(String uid, ParamMap params, double[][] pc, double[] explainedVariance, Provenance provenance) {
        super(uid, params, provenance);
        int k = explainedVariance.length;
        for (double[] row : pc) {
            if (row.length != k) {
                throw new InvalidArgumentException("PCAModel: found a component matrix row of " + row.length
                    + " entries, expected k = " + k);
            }
        }
        this.pc = new double[pc.length][];
        for (int j = 0; j < pc.length; j++) {
            this.pc[j] = pc[j].clone();
        }
        this.explainedVariance = explainedVariance.clone();
    }

    /** @return the d x k principal components, component {@code c} in column {@code c} (a copy) */
    public double[][] pc() {
        double[][] out = new double[pc.length][];
        for (int j = 0; j < pc.length; j++) {
            out[j] = pc[j].clone();
        }
        return out;
    }

    /** @return each component's proportion of the total variance (a copy) */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** @param v inputCol: input vector column @return a copy with it set */
    public PCAModel inputCol(String v) {
        return with(PCA.INPUT_COL, v);
    }

    /** @param v outputCol: output vector column @return a copy with it set */
    public PCAModel outputCol(String v) {
        return with(PCA.OUTPUT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return PCA.PARAMS;
    }

    @Override
    protected PCAModel withParams(ParamMap params) {
        return new PCAModel(uid(), params, pc, explainedVariance, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        int k = explainedVariance.length;
        if (get(PCA.K) != k) {
            throw new InvalidArgumentException("PCAModel: found k=" + get(PCA.K) + ", expected " + k
                + " (the number of components it was fitted with)");
        }
        FeatureChecks.requireVectorOfWidth(schema, get(PCA.INPUT_COL), pc.length);
        return PCA.outputSchema(schema, get(PCA.INPUT_COL), get(PCA.OUTPUT_COL), k);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        int k = explainedVariance.length;
        double[] flat = new double[pc.length * k];
        for (int j = 0; j < pc.length; j++) {
            System.arraycopy(pc[j], 0, flat, j * k, k);
        }
        return frame.mapPartitions(MapCall.of(ProjectionKernels.Project.class, KernelParams.builder()
            .put("inputCol", get(PCA.INPUT_COL))
            .put("outputCol", get(PCA.OUTPUT_COL))
            .put("pc", flat)
            .put("k", (long) k)
            .build()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.matrix("pc", pc);
        writer.array("explainedVariance", explainedVariance);
    }

    static PCAModel load(StageReader reader) {
        return new PCAModel(reader.uid(), reader.params(PCA.PARAMS), reader.matrix("pc"),
            reader.array("explainedVariance"), reader.provenance());
    }
}
