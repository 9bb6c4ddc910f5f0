package dev.ember.ml.core.param;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.List;

/**
 * Something with params: it lists them explicitly and holds the values set on it in an immutable
 * {@link ParamMap}.
 */
public interface Params {

    /** @return every param this object has, in a stable order */
    List<Param<?>> params();

    /** @return the values set explicitly (not defaults) */
    ParamMap paramMap();

    /**
     * @param param one of {@link #params()}
     * @param <T> the value type
     * @return the value set, else the default
     * @throws InvalidArgumentException if the param is not this object's, or required and unset
     */
    default <T> T get(Param<T> param) {
        if (!params().contains(param)) {
            throw new InvalidArgumentException("param " + param.name() + " does not belong to "
                + getClass().getSimpleName() + "; its params are " + params().stream().map(Param::name).toList());
        }
        return paramMap().getOrDefault(param);
    }

    /**
     * @param param a param
     * @return whether a value was set explicitly
     */
    default boolean isSet(Param<?> param) {
        return paramMap().contains(param);
    }

    /**
     * @param name a param name
     * @return the param
     * @throws InvalidArgumentException naming the params there are
     */
    default Param<?> param(String name) {
        return params().stream().filter(p -> p.name().equals(name)).findFirst()
            .orElseThrow(() -> new InvalidArgumentException("no param '" + name + "' on "
                + getClass().getSimpleName() + "; its params are " + params().stream().map(Param::name).toList()));
    }

    /** @return every param with a value: defaults overlaid by the values set */
    @SuppressWarnings({"unchecked", "rawtypes"})
    default ParamMap extractParamMap() {
        ParamMap m = ParamMap.empty();
        for (Param p : params()) {
            if (p.hasDefault()) {
                m = m.with(p, p.defaultValue());
            }
        }
        return m.merge(paramMap());
    }

    /** @return one line per param: name, doc, default and current value */
    default String explainParams() {
        StringBuilder sb = new StringBuilder();
        for (Param<?> p : params()) {
            sb.append(p);
            paramMap().get(p).ifPresent(v -> sb.append(" (current: ").append(p.type().format(v)).append(')'));
            sb.append('\n');
        }
        return sb.toString();
    }
}
