package dev.ember.ml.core;

import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.util.Objects;

/**
 * The immutable core of a stage: a uid and the values set on it. {@link #with} validates and returns a copy;
 * subclasses say how to copy themselves with {@link #withParams}.
 *
 * @param <S> the concrete stage type
 */
public abstract class StageBase<S extends StageBase<S>> implements PipelineStage {
    private final String uid;
    private final ParamMap paramMap;

    /**
     * @param uid the stage's uid
     * @param paramMap values set on it; every key must be one of {@link #params()}
     */
    protected StageBase(String uid, ParamMap paramMap) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.paramMap = Objects.requireNonNull(paramMap, "paramMap");
        for (Param<?> p : paramMap.params()) {
            if (!params().contains(p)) {
                throw new IllegalArgumentException("param " + p.name() + " does not belong to "
                    + getClass().getSimpleName());
            }
        }
    }

    @Override
    public final String uid() {
        return uid;
    }

    @Override
    public final ParamMap paramMap() {
        return paramMap;
    }

    /**
     * @param param one of this stage's params
     * @param value its new value (validated)
     * @param <T> the value type
     * @return a copy with the value set
     */
    public final <T> S with(Param<T> param, T value) {
        if (!params().contains(param)) {
            throw new IllegalArgumentException("param " + param.name() + " does not belong to "
                + getClass().getSimpleName() + "; its params are " + params().stream().map(Param::name).toList());
        }
        return withParams(paramMap.with(param, value));
    }

    @Override
    public final S copy(ParamMap extra) {
        return withParams(paramMap.merge(extra.filter(params())));
    }

    /**
     * @param params the new values
     * @return a copy of this stage (same uid, same fitted state) with those values
     */
    protected abstract S withParams(ParamMap params);

    @Override
    public String toString() {
        return uid + paramMap;
    }
}
