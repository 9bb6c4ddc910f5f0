package dev.ember.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an exported model with ONNX Runtime (Java) on the columns of an Ember frame. */
final class OrtRunner {
    private OrtRunner() {
    }

    /**
     * @param model the exported model
     * @param frame a frame holding the graph's input columns
     * @return each output as double rows ({@code [N][1]} for a scalar output)
     */
    static Map<String, double[][]> run(OnnxModel model, Frame frame) throws OrtException {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : runRaw(model, frame).entrySet()) {
            out.put(e.getKey(), e.getValue() instanceof String[] ? null : rows(e.getValue()));
        }
        return out;
    }

    /**
     * @param model the exported model
     * @param frame a frame holding the graph's input columns
     * @return each output as ONNX Runtime gives it (a string output as {@code String[]})
     */
    static Map<String, Object> runRaw(OnnxModel model, Frame frame) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                try {
                    for (String column : model.inputs()) {
                        feed.put(column, tensor(env, frame, column));
                    }
                    try (OrtSession.Result result = session.run(feed)) {
                        Map<String, Object> out = new LinkedHashMap<>();
                        for (Map.Entry<String, OnnxValue> e : result) {
                            out.put(e.getKey(), e.getValue().getValue());
                        }
                        return out;
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, Frame frame, String column) throws OrtException {
        Field f = frame.schema().field(column);
        if (f.type() == DataType.VECTOR) {
            double[][] v = frame.collectVectors(column);
            long[] shape = {v.length, f.vectorSize()};
            if (f.elementType() == DataType.FLOAT) {
                FloatBuffer b = FloatBuffer.allocate(v.length * f.vectorSize());
                for (double[] row : v) {
                    for (double x : row) {
                        b.put((float) x);
                    }
                }
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            DoubleBuffer b = DoubleBuffer.allocate(v.length * f.vectorSize());
            for (double[] row : v) {
                b.put(row);
            }
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        if (f.type() == DataType.STRING) {
            String[] s = frame.collectStrings(column).toArray(String[]::new);
            return OnnxTensor.createTensor(env, s, new long[] {s.length});
        }
        double[] v = frame.collectDoubles(column);
        long[] shape = {v.length};
        return switch (f.type()) {
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
            case FLOAT -> {
                FloatBuffer b = FloatBuffer.allocate(v.length);
                for (double x : v) {
                    b.put((float) x);
                }
                yield OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case LONG -> {
                LongBuffer b = LongBuffer.allocate(v.length);
                for (double x : v) {
                    b.put((long) x);
                }
                yield OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT -> {
                IntBuffer b = IntBuffer.allocate(v.length);
                for (double x : v) {
                    b.put((int) x);
                }
                yield OnnxTensor.createTensor(env, b.flip(), shape);
            }
            default -> throw new IllegalArgumentException("column '" + column + "': " + f.typeString());
        };
    }

    private static double[][] rows(Object value) {
        if (value instanceof double[] d) {
            double[][] out = new double[d.length][];
            for (int i = 0; i < d.length; i++) {
                out[i] = new double[] {d[i]};
            }
            return out;
        }
        if (value instanceof float[] f) {
            double[][] out = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                out[i] = new double[] {f[i]};
            }
            return out;
        }
        if (value instanceof int[] n) {
            double[][] out = new double[n.length][];
            for (int i = 0; i < n.length; i++) {
                out[i] = new double[] {n[i]};
            }
            return out;
        }
        if (value instanceof double[][] d) {
            return d;
        }
        if (value instanceof float[][] f) {
            double[][] out = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                out[i] = new double[f[i].length];
                for (int j = 0; j < f[i].length; j++) {
                    out[i][j] = f[i][j];
                }
            }
            return out;
        }
        throw new IllegalArgumentException("ONNX Runtime output of type " + value.getClass());
    }
}
