package dev.ember.ml.onnx;

import dev.ember.ml.onnx.proto.OnnxMl.ModelProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An exported ONNX model: its protobuf message and the names of its inputs and outputs. */
public final class OnnxModel {
    private final ModelProto proto;
    private final List<String> inputs;
    private final List<String> outputs;

    OnnxModel(ModelProto proto, List<String> inputs, List<String> outputs) {
        this.proto = proto;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /** @return the ONNX {@code ModelProto} */
    public ModelProto proto() {
        return proto;
    }

    /** @return the graph's input names: the Ember columns it reads, in first-use order */
    public List<String> inputs() {
        return inputs;
    }

    /** @return the graph's output names */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the serialized model (the bytes of a {@code .onnx} file) */
    public byte[] toByteArray() {
        return proto.toByteArray();
    }

    /**
     * @param file where to write the {@code .onnx} file
     * @throws OnnxExportException naming the file if it cannot be written
     */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, toByteArray());
        } catch (IOException e) {
            throw new OnnxExportException("cannot write the ONNX model " + file + ": " + e.getMessage(), e);
        }
    }
}
