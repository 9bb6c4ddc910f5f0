package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.Params;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.persist.StageWriter;

import java.nio.file.Path;
import java.util.List;

/**
 * A stage of a pipeline: a {@link Transformer} or an {@link Estimator}. Stages are immutable; setting a param
 * returns a copy. {@link #transformSchema} checks the input columns and declares the output, so a whole pipeline
 * is validated before any computation.
 */
@CheckReturnValue
public interface PipelineStage extends Params {

    /** @return the stage's unique id, kept by copies and by save/load */
    String uid();

    /**
     * @param schema the input schema
     * @return the output schema
     * @throws IllegalArgumentException naming a missing or mistyped input column, or a taken output column
     */
    Schema transformSchema(Schema schema);

    /**
     * @param extra values that win over this stage's (params of other stages are ignored)
     * @return a copy with the same uid
     */
    PipelineStage copy(ParamMap extra);

    /**
     * @return the stages this one holds and passes per-call params on to (a pipeline's stages), in order; empty
     *     for an ordinary stage
     */
    default List<? extends PipelineStage> childStages() {
        return List.of();
    }

    /**
     * Writes the stage's own data (arrays, dictionaries, child stages). Class, uid, params and provenance are
     * written by {@link StageIO}. The default writes nothing.
     *
     * @param writer where to write
     */
    default void writeData(StageWriter writer) {
    }

    /**
     * Saves the stage as a directory: versioned JSON metadata and arrays as {@code .npy} files.
     *
     * @param dir a directory that does not exist or is empty
     */
    default void save(Path dir) {
        StageIO.save(this, dir);
    }
}
