package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.feature.Bucketizer;
import dev.ember.ml.algo.feature.ImputerModel;
import dev.ember.ml.algo.feature.Imputer;
import dev.ember.ml.algo.feature.IndexToString;
import dev.ember.ml.algo.feature.MaxAbsScaler;
import dev.ember.ml.algo.feature.MaxAbsScalerModel;
import dev.ember.ml.algo.feature.MinMaxScaler;
import dev.ember.ml.algo.feature.MinMaxScalerModel;
import dev.ember.ml.algo.feature.Normalizer;
import dev.ember.ml.algo.feature.OneHotEncoder;
import dev.ember.ml.algo.feature.OneHotEncoderModel;
import dev.ember.ml.algo.feature.PCA;
import dev.ember.ml.algo.feature.PCAModel;
import dev.ember.ml.algo.feature.QuantileDiscretizer;
import dev.ember.ml.algo.feature.QuantileDiscretizerModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.onnx.OnnxExportException;
import dev.ember.ml.onnx.OnnxGraphBuilder;
import dev.ember.ml.onnx.proto.OnnxMl.TensorProto;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature transformers in ONNX operators, each the same arithmetic in double as its Ember kernel: scalers
 * as {@code Sub}/{@code Mul}/{@code Add} with the kernel's per-slot constants, the string indexer as ONNX-ML
 * {@code LabelEncoder}, the assembler as {@code Concat}, the normalizer as a per-row norm and {@code Div}, one-hot
 * as {@code Equal} against the category indices, the imputer as {@code Where}, bucketizers as a count of the
 * splits at or below the value, PCA as {@code MatMul}.
 *
 * <p>ONNX has no errors at run time: inputs Ember rejects ({@code handleInvalid = "error"}: NaN in the assembler, a
 * value outside the splits or an invalid category index) are not rejected by the graph; it computes what the
 * arithmetic gives (NaN passes through, an invalid index gives an all-zero one-hot vector, a value outside the
 * splits the nearest bucket).
 */
final class FeatureExporters {
    private FeatureExporters() {
    }

    static void standardScaler(StandardScalerModel m, OnnxGraphBuilder g) {
        double[] mean = m.mean();
        double[] std = m.std();
        boolean withMean = m.get(StandardScaler.WITH_MEAN);
        boolean withStd = m.get(StandardScaler.WITH_STD);
        int d = mean.length;
        double[] shift = new double[d];
        double[] factor = new double[d];
        for (int j = 0; j < d; j++) {
            shift[j] = withMean ? mean[j] : 0;
            factor[j] = !withStd ? 1 : std[j] == 0 ? 0 : 1 / std[j];
        }
        String x = g.inputAsDouble(m.get(StandardScaler.INPUT_COL));
        g.output(m.get(StandardScaler.OUTPUT_COL), affine(g, x, shift, factor, null));
    }

    static void minMaxScaler(MinMaxScalerModel m, OnnxGraphBuilder g) {
        double[] lo = m.originalMin();
        double[] hi = m.originalMax();
        double min = m.get(MinMaxScaler.MIN);
        double max = m.get(MinMaxScaler.MAX);
        int d = lo.length;
        double[] factor = new double[d];
        double[] offset = new double[d];
        for (int j = 0; j < d; j++) {
            double range = hi[j] - lo[j];
            factor[j] = range != 0 ? (max - min) / range : 0;
            offset[j] = range != 0 ? min : 0.5 * (max + min);
        }
        String x = g.inputAsDouble(m.get(MinMaxScaler.INPUT_COL));
        g.output(m.get(MinMaxScaler.OUTPUT_COL), affine(g, x, lo, factor, offset));
    }

    static void maxAbsScaler(MaxAbsScalerModel m, OnnxGraphBuilder g) {
        double[] maxAbs = m.maxAbs();
        double[] factor = new double[maxAbs.length];
        for (int j = 0; j < factor.length; j++) {
            factor[j] = maxAbs[j] == 0 ? 1 : 1 / maxAbs[j];
        }
        String x = g.inputAsDouble(m.get(MaxAbsScaler.INPUT_COL));
        g.output(m.get(MaxAbsScaler.OUTPUT_COL), affine(g, x, null, factor, null));
    }

    /** {@code (x - shift) * factor + offset}, each part left out when null, in the kernels' order. */
    private static String affine(OnnxGraphBuilder g, String x, double[] shift, double[] factor, double[] offset) {
        String y = x;
        if (shift != null) {
            y = g.op("Sub", List.of(y, g.constant(shift, shift.length)));
        }
        y = g.op("Mul", List.of(y, g.constant(factor, factor.length)));
        if (offset != null) {
            y = g.op("Add", List.of(y, g.constant(offset, offset.length)));
        }
        return y;
    }

    static void vectorAssembler(VectorAssembler a, OnnxGraphBuilder g) {
        List<String> parts = new ArrayList<>();
        for (String c : a.get(VectorAssembler.INPUT_COLS)) {
            String t = g.inputAsDouble(c);
            parts.add(g.field(c).type() == DataType.VECTOR ? t : g.asColumn(t));
        }
        String out = parts.size() == 1 ? parts.get(0)
            : g.op("Concat", parts, OnnxGraphBuilder.attr("axis", 1));
        g.output(a.get(VectorAssembler.OUTPUT_COL), out);
    }

    static void oneHotEncoder(OneHotEncoderModel m, OnnxGraphBuilder g) {
        String[] in = m.get(OneHotEncoder.INPUT_COLS);
        String[] out = m.get(OneHotEncoder.OUTPUT_COLS);
        int[] sizes = m.categorySizes();
        boolean keep = "keep".equals(m.get(OneHotEncoder.HANDLE_INVALID));
        for (int i = 0; i < in.length; i++) {
            int width = g.field(out[i]).vectorSize();
            String x = g.asColumn(g.inputAsDouble(in[i]));
            int slots = Math.min(width, sizes[i]);
            String hits = g.cast(g.op("Equal", List.of(x, g.constant(indices(slots), 1, slots))),
                TensorProto.DataType.DOUBLE);
            if (keep && width > sizes[i]) {
                // the invalid slot (index size) is 1 when the value is none of the category indices
                String all = g.cast(g.op("Equal", List.of(x, g.constant(indices(sizes[i]), 1, sizes[i]))),
                    TensorProto.DataType.DOUBLE);
                String any = g.op("ReduceSum", List.of(all, g.constantLong(new long[] {1}, 1)),
                    OnnxGraphBuilder.attr("keepdims", 1));
                String invalid = g.op("Sub", List.of(g.constant(new double[] {1}, 1), any));
                hits = g.op("Concat", List.of(hits, invalid), OnnxGraphBuilder.attr("axis", 1));
            }
            g.output(out[i], hits);
        }
    }

    private static double[] indices(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    /**
     * The ONNX-ML {@code LabelEncoder}: each label to its index, an unseen value to -1, which {@code keep} maps to
     * the extra index K.
     */
    static void stringIndexer(StringIndexerModel m, OnnxGraphBuilder g) {
        String handleInvalid = m.get(StringIndexer.HANDLE_INVALID);
        if ("skip".equals(handleInvalid)) {
            throw new OnnxExportException("stage '" + m.uid() + "': handleInvalid=skip drops rows, which an ONNX"
                + " graph cannot do; set handleInvalid to error or keep before exporting");
        }
        List<String> labels = m.labels();
        long[] indices = new long[labels.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        String x = g.input(m.get(StringIndexer.INPUT_COL));
        String idx = g.cast(g.op(OnnxGraphBuilder.ML_DOMAIN, "LabelEncoder", List.of(x),
            OnnxGraphBuilder.attr("keys_strings", labels),
            OnnxGraphBuilder.attr("values_int64s", indices),
            OnnxGraphBuilder.attr("default_int64", -1)), TensorProto.DataType.DOUBLE);
        if ("keep".equals(handleInvalid)) {
            idx = g.op("Where", List.of(g.op("Less", List.of(idx, g.constant(new double[] {0}, 1))),
                g.constant(new double[] {labels.size()}, 1), idx));
        }
        g.output(m.get(StringIndexer.OUTPUT_COL), idx);
    }

    /** The ONNX-ML {@code LabelEncoder} back: each index to its label, anything else to "". */
    static void indexToString(IndexToString m, OnnxGraphBuilder g) {
        String[] labels = m.get(IndexToString.LABELS);
        long[] indices = new long[labels.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        String idx = g.cast(g.inputAsDouble(m.get(IndexToString.INPUT_COL)), TensorProto.DataType.INT64);
        g.outputAsIs(m.get(IndexToString.OUTPUT_COL), g.op(OnnxGraphBuilder.ML_DOMAIN, "LabelEncoder", List.of(idx),
            OnnxGraphBuilder.attr("keys_int64s", indices),
            OnnxGraphBuilder.attr("values_strings", List.of(labels)),
            OnnxGraphBuilder.attr("default_string", "")));
    }

    static void imputer(ImputerModel m, OnnxGraphBuilder g) {
        String[] in = m.get(Imputer.INPUT_COLS);
        String[] out = m.get(Imputer.OUTPUT_COLS);
        double[] surrogates = m.surrogates();
        double missing = m.get(Imputer.MISSING_VALUE);
        for (int i = 0; i < in.length; i++) {
            String x = g.inputAsDouble(in[i]);
            String isMissing = Double.isNaN(missing) ? g.op("IsNaN", List.of(x))
                : g.op("Equal", List.of(x, g.constant(new double[] {missing}, 1)));
            g.output(out[i], g.op("Where", List.of(isMissing, g.constant(new double[] {surrogates[i]}, 1), x)));
        }
    }

    static void bucketizer(Bucketizer b, OnnxGraphBuilder g) {
        buckets(g, b.uid(), b.get(Bucketizer.INPUT_COL), b.get(Bucketizer.OUTPUT_COL), b.get(Bucketizer.SPLITS),
            b.get(Bucketizer.HANDLE_INVALID));
    }

    static void quantileDiscretizer(QuantileDiscretizerModel m, OnnxGraphBuilder g) {
        buckets(g, m.uid(), m.get(QuantileDiscretizer.INPUT_COL), m.get(QuantileDiscretizer.OUTPUT_COL),
            m.splits(), m.get(QuantileDiscretizer.HANDLE_INVALID));
    }

    /** The bucket of {@code x}: how many interior splits are {@code <= x}; NaN to bucket {@code n} with keep. */
    private static void buckets(OnnxGraphBuilder g, String uid, String in, String out, double[] splits,
                                String handleInvalid) {
        if ("skip".equals(handleInvalid)) {
            throw new OnnxExportException("stage '" + uid + "': handleInvalid=skip drops rows, which an ONNX graph"
                + " cannot do; set handleInvalid to error or keep before exporting");
        }
        String x = g.inputAsDouble(in);
        int interior = splits.length - 2;
        double[] inner = new double[interior];
        System.arraycopy(splits, 1, inner, 0, interior);
        String ge = g.cast(g.op("GreaterOrEqual", List.of(g.asColumn(x), g.constant(inner, 1, interior))),
            TensorProto.DataType.DOUBLE);
        String bucket = g.op("ReduceSum", List.of(ge, g.constantLong(new long[] {1}, 1)),
            OnnxGraphBuilder.attr("keepdims", 0));
        if ("keep".equals(handleInvalid)) {
            bucket = g.op("Where", List.of(g.op("IsNaN", List.of(x)),
                g.constant(new double[] {splits.length - 1}, 1), bucket));
        }
        g.output(out, bucket);
    }

    /** {@code x / ||x||_p} per row, {@code x} itself where the norm is 0, with the kernel's norm for each p. */
    static void normalizer(Normalizer n, OnnxGraphBuilder g) {
        double p = n.get(Normalizer.P);
        String x = g.inputAsDouble(n.get(Normalizer.INPUT_COL));
        String axis = g.constantLong(new long[] {1}, 1);
        String norm;
        if (p == 1) {
            norm = g.op("ReduceSum", List.of(g.op("Abs", List.of(x)), axis), OnnxGraphBuilder.attr("keepdims", 1));
        } else if (p == 2) {
            norm = g.op("Sqrt", List.of(g.op("ReduceSumSquare", List.of(x, axis),
                OnnxGraphBuilder.attr("keepdims", 1))));
        } else if (p == Double.POSITIVE_INFINITY) {
            norm = g.op("ReduceMax", List.of(g.op("Abs", List.of(x)), axis), OnnxGraphBuilder.attr("keepdims", 1));
        } else {
            String powered = g.op("Pow", List.of(g.op("Abs", List.of(x)), g.constant(new double[] {p}, 1)));
            norm = g.op("Pow", List.of(g.op("ReduceSum", List.of(powered, axis), OnnxGraphBuilder.attr("keepdims", 1)),
                g.constant(new double[] {1 / p}, 1)));
        }
        String zero = g.op("Equal", List.of(norm, g.constant(new double[] {0}, 1)));
        g.output(n.get(Normalizer.OUTPUT_COL), g.op("Where", List.of(zero, x, g.op("Div", List.of(x, norm)))));
    }

    static void pca(PCAModel m, OnnxGraphBuilder g) {
        double[][] pc = m.pc();
        int d = pc.length;
        int k = m.explainedVariance().length;
        double[] flat = new double[d * k];
        for (int j = 0; j < d; j++) {
            System.arraycopy(pc[j], 0, flat, j * k, k);
        }
        String x = g.inputAsDouble(m.get(PCA.INPUT_COL));
        g.output(m.get(PCA.OUTPUT_COL), g.op("MatMul", List.of(x, g.constant(flat, d, k))));
    }
}
