package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.util.Objects;

/**
 * The immutable core of a stage: a uid and the values set on it. {@link #with} validates and returns a copy;
 * subclasses say how to copy themselves with {@link #withParams}.
 *
 * @param <S> the concrete stage type
 */
@CheckReturnValue
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
        if (paramMap.hasStageEntries()) {
            throw new InvalidArgumentException(getClass().getSimpleName() + " " + uid + ": found values for stage"
                + " uids " + paramMap.stageUids() + ", expected only the stage's own values (take them with"
                + " ParamMap.forStage)");
        }
        for (Param<?> p : paramMap.params()) {
            if (!params().contains(p)) {
                throw new InvalidArgumentException("param " + p.name() + " does not belong to "
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
            throw new InvalidArgumentException("param " + param.name() + " does not belong to "
                + getClass().getSimpleName() + "; its params are " + params().stream().map(Param::name).toList());
        }
        try {
            return withParams(paramMap.with(param, value));
        } catch (InvalidParamException e) {
            throw e.onStage(getClass().getSimpleName());
        }
    }

    /**
     * Copies the stage with the values a per-call map gives it: the stage-local entries for its params and the
     * entries for its uid ({@link ParamMap#forStage}) win over the values set on it. Entries for other uids are
     * ignored here; a stage that holds other stages (a pipeline) passes the map on in {@link #copyWith}.
     *
     * @param extra per-call values
     * @return a copy with the same uid
     */
    @Override
    public final S copy(ParamMap extra) {
        return copyWith(paramMap.merge(extra.forStage(this)), extra);
    }

    /**
     * @param values this stage's resolved values
     * @param extra the whole per-call map, for stages that hold other stages
     * @return the copy; the default is {@link #withParams}{@code (values)}
     */
    protected S copyWith(ParamMap values, ParamMap extra) {
        return withParams(values);
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
