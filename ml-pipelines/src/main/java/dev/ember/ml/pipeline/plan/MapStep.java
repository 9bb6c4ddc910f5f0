package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.MapKernel;

import java.util.Objects;

/**
 * One registered map kernel of a fused pass, with the schema it produces.
 *
 * @param call the kernel and its params
 * @param kernel the registered kernel instance
 * @param schema its output schema
 */
public record MapStep(MapCall call, MapKernel kernel, Schema schema) {

    /** Checks for nulls. */
    public MapStep {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(schema, "schema");
    }
}
