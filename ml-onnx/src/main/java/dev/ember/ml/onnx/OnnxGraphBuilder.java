package dev.ember.ml.onnx;

import com.google.protobuf.ByteString;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.onnx.proto.OnnxMl.AttributeProto;
import dev.ember.ml.onnx.proto.OnnxMl.GraphProto;
import dev.ember.ml.onnx.proto.OnnxMl.NodeProto;
import dev.ember.ml.onnx.proto.OnnxMl.TensorProto;
import dev.ember.ml.onnx.proto.OnnxMl.TensorShapeProto;
import dev.ember.ml.onnx.proto.OnnxMl.TypeProto;
import dev.ember.ml.onnx.proto.OnnxMl.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX graph of a pipeline while its stages are written into it, one {@link OnnxStageExporter} at a time.
 * Every Ember column is a tensor: a scalar column has shape {@code [N]}, a vector column {@code [N, width]}, with
 * the element type the Ember schema gives it (double, float, int64, int32 or bool). A column the pipeline reads
 * before any stage writes it becomes a graph input of the same name.
 *
 * <p>Exporters compute in double, as Ember's kernels do: {@link #inputAsDouble} casts a column to double, and
 * {@link #output} casts a double result to the type Ember stores the output column in (a float vector is rounded
 * once, like Ember's block writes), so the graph predicts what Ember predicts.
 */
public final class OnnxGraphBuilder {
    /** The name of the batch dimension. */
    public static final String BATCH = "N";
    /** The domain of the ONNX-ML operators. */
    public static final String ML_DOMAIN = "ai.onnx.ml";

    private record Bound(String tensor, Field field) {
    }

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Schema inputSchema;
    private final Map<String, Bound> columns = new LinkedHashMap<>();
    private final List<String> rawInputs = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private final List<String> opaque = new ArrayList<>();
    private Schema before;
    private Schema after;
    private String stage = "input";
    private int counter;

    OnnxGraphBuilder(Schema inputSchema) {
        this.inputSchema = inputSchema;
        this.before = inputSchema;
        this.after = inputSchema;
    }

    /**
     * Positions the builder at a stage: its input and output schemas and the prefix of its tensor names.
     *
     * @param s the stage
     * @param whyNotExportable null if it has an exporter, else why not
     * @return false if the stage does not accept the schema (it reads a column the input schema lacks, such as a
     *     label indexer given only the model's inputs): it is passed over, and a column it might have written is
     *     reported missing with the reason
     */
    boolean beginStage(Transformer s, String whyNotExportable) {
        before = after;
        stage = s.uid();
        try {
            after = s.transformSchema(before);
            return true;
        } catch (RuntimeException e) {
            opaque.add((whyNotExportable != null ? whyNotExportable : "stage '" + stage + "' ("
                + s.getClass().getSimpleName() + ") is left out") + " (it reads columns the input schema lacks: "
                + e.getMessage() + ")");
            after = before;
            return false;
        }
    }

    /**
     * Marks the columns the current stage adds as unavailable: the stage has no ONNX equivalent, and reading one
     * of its columns later fails with {@code why}.
     */
    void unavailable(Schema stageInput, String why) {
        for (String c : after.names()) {
            if (!stageInput.contains(c)) {
                unavailable.put(c, why);
            }
        }
    }

    private void requireAvailable(String column, String reader) {
        String why = unavailable.get(column);
        if (why != null) {
            throw new OnnxExportException(reader + " reads column '" + column + "', but " + why);
        }
    }

    /** @return the schema after the stages written so far */
    Schema schema() {
        return after;
    }

    /** @return the Ember columns the graph reads, as graph inputs, in first-use order */
    List<String> rawInputs() {
        return List.copyOf(rawInputs);
    }

    GraphProto.Builder proto() {
        return graph;
    }

    /**
     * @param column a column the current stage reads or writes
     * @return its Ember field
     */
    public Field field(String column) {
        return after.field(column);
    }

    /**
     * @param column a column the current stage reads
     * @return the tensor holding it, in its Ember element type
     * @throws OnnxExportException if no earlier stage writes it and it is not in the input schema, or its type has
     *     no ONNX tensor equivalent
     */
    public String input(String column) {
        requireAvailable(column, "stage '" + stage + "'");
        Bound b = columns.get(column);
        if (b != null) {
            return b.tensor();
        }
        if (!inputSchema.contains(column)) {
            throw new OnnxExportException("stage '" + stage + "' reads column '" + column + "', which is neither in"
                + " the input schema " + inputSchema.names() + " nor written by an earlier stage" + leftOut());
        }
        Field f = inputSchema.field(column);
        ValueInfoProto info = valueInfo(column, f, "stage '" + stage + "'");
        graph.addInput(info);
        rawInputs.add(column);
        columns.put(column, new Bound(column, f));
        return column;
    }

    /**
     * @param column a column the current stage reads
     * @return a double tensor of it (a cast where Ember stores it otherwise)
     */
    public String inputAsDouble(String column) {
        String t = input(column);
        Field f = columns.get(column).field();
        return elementType(f) == DataType.DOUBLE ? t : cast(t, TensorProto.DataType.DOUBLE);
    }

    /**
     * Binds an output column of the current stage to a double tensor, cast to the type Ember stores it in.
     *
     * @param column the column, as the stage's output schema names it
     * @param doubleTensor the tensor computing it in double ({@code [N]} or {@code [N, width]})
     */
    public void output(String column, String doubleTensor) {
        Field f = after.field(column);
        TensorProto.DataType to = onnxType(elementType(f), column);
        String t = to == TensorProto.DataType.DOUBLE ? doubleTensor : cast(doubleTensor, to);
        columns.put(column, new Bound(t, f));
    }

    /**
     * Binds an output column of the current stage to a tensor already of the column's type (a string column).
     *
     * @param column the column, as the stage's output schema names it
     * @param tensor the tensor computing it
     */
    public void outputAsIs(String column, String tensor) {
        columns.put(column, new Bound(tensor, after.field(column)));
    }

    /**
     * @param values the values
     * @param dims the shape
     * @return the name of a new double initializer
     */
    public String constant(double[] values, long... dims) {
        String name = fresh("const");
        graph.addInitializer(doubleTensor(name, values, dims));
        return name;
    }

    /**
     * @param values the values
     * @param dims the shape
     * @return the name of a new int64 initializer
     */
    public String constantLong(long[] values, long... dims) {
        String name = fresh("const");
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /**
     * Adds a node of the default (ONNX) domain with one output.
     *
     * @param opType the operator
     * @param inputs its inputs
     * @param attributes its attributes ({@link #attr} and friends)
     * @return the output tensor's name
     */
    public String op(String opType, List<String> inputs, AttributeProto... attributes) {
        return op("", opType, inputs, attributes);
    }

    /**
     * Adds a node with one output.
     *
     * @param domain the operator's domain ("" for ONNX, {@link #ML_DOMAIN} for ONNX-ML)
     * @param opType the operator
     * @param inputs its inputs
     * @param attributes its attributes
     * @return the output tensor's name
     */
    public String op(String domain, String opType, List<String> inputs, AttributeProto... attributes) {
        String out = fresh(opType);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setDomain(domain).setName(out)
            .addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /**
     * @param tensor a tensor
     * @param to the element type
     * @return the tensor cast to it
     */
    public String cast(String tensor, TensorProto.DataType to) {
        return op("Cast", List.of(tensor), attr("to", to.getNumber()));
    }

    /**
     * @param scalarColumnTensor a tensor of shape {@code [N]}
     * @return it reshaped to {@code [N, 1]}
     */
    public String asColumn(String scalarColumnTensor) {
        return op("Unsqueeze", List.of(scalarColumnTensor, constantLong(new long[] {1}, 1)));
    }

    /**
     * @param tensor a tensor of shape {@code [N, 1]} (or any {@code N} elements)
     * @return it reshaped to {@code [N]}
     */
    public String flatten(String tensor) {
        return op("Reshape", List.of(tensor, constantLong(new long[] {-1}, 1)));
    }

    /** @return a new tensor name, unique in the graph and prefixed by the current stage's uid */
    String fresh(String hint) {
        return stage + "/" + hint + "_" + (counter++);
    }

    /**
     * Adds the graph output of a column, under the column's name.
     *
     * @param column the column
     * @param splitVector whether a vector column becomes one {@code [N]} output per slot ({@code column_0}, ...)
     * @return the names of the outputs added
     */
    List<String> addOutput(String column, boolean splitVector) {
        requireAvailable(column, "the graph's output");
        Bound b = columns.get(column);
        if (b == null) {
            throw new OnnxExportException("output column '" + column + "' is written by no stage of the pipeline;"
                + " its stages write " + writtenColumns() + leftOut());
        }
        if (rawInputs.contains(column)) {
            throw new OnnxExportException("output column '" + column + "' is an input of the graph, not a column a"
                + " stage writes");
        }
        stage = "output";
        Field f = b.field();
        if (f.type() == DataType.VECTOR && splitVector) {
            List<String> names = new ArrayList<>();
            for (int j = 0; j < f.vectorSize(); j++) {
                String slot = op("Slice", List.of(b.tensor(), constantLong(new long[] {j}, 1),
                    constantLong(new long[] {j + 1}, 1), constantLong(new long[] {1}, 1)));
                String name = column + "_" + j;
                graph.addNode(NodeProto.newBuilder().setOpType("Reshape").setName(name)
                    .addInput(slot).addInput(constantLong(new long[] {-1}, 1)).addOutput(name));
                graph.addOutput(valueInfo(name, Field.of(name, f.elementType(), false), "output"));
                names.add(name);
            }
            return names;
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(column).addInput(b.tensor())
            .addOutput(column));
        graph.addOutput(valueInfo(column, f, "output"));
        return List.of(column);
    }

    /**
     * Removes what no graph output needs: the nodes (such as those of a label indexer), initializers and inputs
     * that nothing computing an output reads.
     */
    void prune() {
        java.util.Set<String> needed = new java.util.HashSet<>();
        graph.getOutputList().forEach(o -> needed.add(o.getName()));
        List<NodeProto> nodes = new ArrayList<>(graph.getNodeList());
        boolean[] keep = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto n = nodes.get(i);
            if (n.getOutputList().stream().anyMatch(needed::contains)) {
                keep[i] = true;
                needed.addAll(n.getInputList());
            }
        }
        graph.clearNode();
        for (int i = 0; i < nodes.size(); i++) {
            if (keep[i]) {
                graph.addNode(nodes.get(i));
            }
        }
        List<TensorProto> inits = new ArrayList<>(graph.getInitializerList());
        graph.clearInitializer();
        inits.stream().filter(t -> needed.contains(t.getName())).forEach(graph::addInitializer);
        List<ValueInfoProto> inputs = new ArrayList<>(graph.getInputList());
        graph.clearInput();
        inputs.stream().filter(v -> needed.contains(v.getName())).forEach(graph::addInput);
        rawInputs.retainAll(needed);
    }

    /** @return "" or "; " and why stages were left out */
    String leftOut() {
        return opaque.isEmpty() ? "" : "; " + String.join("; ", opaque);
    }

    /** @return the columns written by stages, in order */
    List<String> writtenColumns() {
        List<String> out = new ArrayList<>();
        columns.keySet().stream().filter(c -> !rawInputs.contains(c)).forEach(out::add);
        return out;
    }

    private static DataType elementType(Field f) {
        return f.type() == DataType.VECTOR ? f.elementType() : f.type();
    }

    private static TensorProto.DataType onnxType(DataType t, String column) {
        return switch (t) {
            case DOUBLE -> TensorProto.DataType.DOUBLE;
            case FLOAT -> TensorProto.DataType.FLOAT;
            case LONG -> TensorProto.DataType.INT64;
            case INT -> TensorProto.DataType.INT32;
            case BOOLEAN -> TensorProto.DataType.BOOL;
            case STRING -> TensorProto.DataType.STRING;
            default -> throw new OnnxExportException("column '" + column + "' of type " + t
                + " has no ONNX tensor equivalent here (numeric, boolean, string and numeric vector columns do)");
        };
    }

    private static ValueInfoProto valueInfo(String name, Field f, String where) {
        if (f.type() == DataType.VECTOR && f.hasUnknownWidth()) {
            throw new OnnxExportException(where + ": vector column '" + name + "' has no known width");
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        if (f.type() == DataType.VECTOR) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(f.vectorSize()));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(onnxType(elementType(f), name).getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /**
     * @param name the tensor's name ("" for an attribute value)
     * @param values its values
     * @param dims its shape
     * @return a double tensor (little-endian raw data)
     */
    public static TensorProto doubleTensor(String name, double[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buf.putDouble(v);
        }
        buf.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.DOUBLE.getNumber()).setRawData(ByteString.copyFrom(buf));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * @param values its values
     * @return a 1-d uint8 tensor (for attributes such as TreeEnsemble's {@code nodes_modes})
     */
    public static TensorProto uint8Tensor(byte[] values) {
        return TensorProto.newBuilder().setDataType(TensorProto.DataType.UINT8.getNumber()).addDims(values.length)
            .setRawData(ByteString.copyFrom(values)).build();
    }

    /** @param name attribute name @param value its value @return an int attribute */
    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
            .build();
    }

    /** @param name attribute name @param values its values @return an ints attribute */
    public static AttributeProto attr(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
            .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** @param name attribute name @param value its value @return a string attribute (UTF-8) */
    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** @param name attribute name @param values its values @return a strings attribute (UTF-8) */
    public static AttributeProto attr(String name, java.util.Collection<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
            .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    /** @param name attribute name @param value its value @return a tensor attribute */
    public static AttributeProto attr(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value)
            .build();
    }
}
