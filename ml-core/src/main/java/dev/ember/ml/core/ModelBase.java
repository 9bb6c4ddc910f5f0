package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.param.ParamMap;

import java.util.Objects;

/**
 * What every model repeats, written once: the uid (its estimator's) and params ({@link StageBase}) and the
 * {@link Provenance} of the fit that made it, which {@code StageIO} saves and {@code StageReader#provenance()}
 * reads back. Subclasses hold their fitted state and say how to copy it in {@link #withParams}.
 *
 * @param <M> the concrete model
 */
@CheckReturnValue
public abstract class ModelBase<M extends ModelBase<M>> extends StageBase<M> implements Model {
    private final Provenance provenance;

    /**
     * @param uid the uid of the estimator that fitted it
     * @param paramMap values set on it
     * @param provenance how it was made
     */
    protected ModelBase(String uid, ParamMap paramMap, Provenance provenance) {
        super(uid, paramMap);
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    @Override
    public final Provenance provenance() {
        return provenance;
    }
}
