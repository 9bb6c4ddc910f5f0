/**
 * The ONNX protobuf messages ({@code OnnxMl}), generated at build time by protoc from
 * {@code src/main/proto/onnx-ml.proto}, the official file (see its provenance header).
 */
package dev.ember.ml.onnx.proto;
