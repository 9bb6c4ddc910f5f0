package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of searched parameters. A conditional parameter follows its parent, which must be a choice
 * declared before it, so a setting is built in declaration order.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .choice("model", "lr", "svc")
 *     .loguniform("lr.regParam", 1e-4, 1).when("model", "lr")
 *     .uniform("lr.elasticNetParam", 0, 1).when("model", "lr")
 *     .intlog("svc.maxIter", 10, 1000).when("model", "svc")
 *     .build();
 * }</pre>
 */
public final class SearchSpace {
    private final List<ParamSpec> params;
    private final Map<String, Integer> index;

    private SearchSpace(List<ParamSpec> params) {
        this.params = List.copyOf(params);
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < this.params.size(); i++) {
            idx.put(this.params.get(i).name(), i);
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param params the parameters in declaration order
     * @return the space, validated
     */
    public static SearchSpace of(List<ParamSpec> params) {
        Builder b = new Builder();
        for (ParamSpec p : params) {
            b.add(p);
        }
        return b.build();
    }

    /** @return the parameters in declaration order */
    public List<ParamSpec> params() {
        return params;
    }

    /** @return the number of parameters */
    public int size() {
        return params.size();
    }

    /**
     * @param name a parameter name
     * @return its position, or -1
     */
    public int indexOf(String name) {
        return index.getOrDefault(name, -1);
    }

    /**
     * @param name a parameter name
     * @return its spec
     */
    public ParamSpec param(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new InvalidArgumentException("found parameter " + name + ", expected one of " + index.keySet());
        }
        return params.get(i);
    }

    /**
     * Checks a setting read back from a journal against this space and converts its values to the Java types of
     * the distributions.
     *
     * @param values a setting
     * @return the setting, in declaration order
     */
    public Map<String, Object> coerce(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            if (values.containsKey(p.name())) {
                try {
                    out.put(p.name(), p.distribution().coerce(values.get(p.name())));
                } catch (IllegalArgumentException | InvalidArgumentException e) {
                    throw new InvalidArgumentException(p.name() + ": " + e.getMessage(), e);
                }
            }
        }
        for (String k : values.keySet()) {
            if (!index.containsKey(k)) {
                throw new InvalidArgumentException("found parameter " + k + ", expected one of " + index.keySet());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** @return a stable text form, used to check that a journal belongs to this space */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (ParamSpec p : params) {
            sb.append(p.name()).append('=').append(p.distribution());
            if (p.parent() != null) {
                sb.append(" when ").append(p.parent()).append(" in ").append(p.parentValues());
            }
            sb.append(';');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds a {@link SearchSpace}; {@link #when} makes the last added parameter conditional. */
    public static final class Builder {
        private final List<ParamSpec> params = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param spec a parameter
         * @return this builder
         */
        public Builder add(ParamSpec spec) {
            for (ParamSpec p : params) {
                if (p.name().equals(spec.name())) {
                    throw new InvalidArgumentException("parameter " + spec.name() + " declared twice");
                }
            }
            if (spec.parent() != null) {
                ParamSpec parent = params.stream().filter(p -> p.name().equals(spec.parent())).findFirst()
                    .orElseThrow(() -> new InvalidArgumentException(spec.name() + ": condition on " + spec.parent()
                        + ", expected a choice parameter declared before it, one of "
                        + params.stream().map(ParamSpec::name).toList()));
                if (!(parent.distribution() instanceof Distribution.Choice c)) {
                    throw new InvalidArgumentException(spec.name() + ": condition on " + spec.parent()
                        + " which is " + parent.distribution().kind() + ", expected a choice");
                }
                for (Object v : spec.parentValues()) {
                    c.indexOf(v);
                }
            }
            params.add(spec);
            return this;
        }

        /**
         * @param name   the parameter
         * @param values its choices
         * @return this builder
         */
        public Builder choice(String name, Object... values) {
            return add(new ParamSpec(name, new Distribution.Choice(Arrays.asList(values)), null, null));
        }

        /**
         * @param name the parameter
         * @param low  low end
         * @param high high end
         * @return this builder
         */
        public Builder uniform(String name, double low, double high) {
            return add(new ParamSpec(name, new Distribution.Uniform(low, high), null, null));
        }

        /**
         * @param name the parameter
         * @param low  low end, above 0
         * @param high high end
         * @return this builder
         */
        public Builder loguniform(String name, double low, double high) {
            return add(new ParamSpec(name, new Distribution.LogUniform(low, high), null, null));
        }

        /**
         * @param name the parameter
         * @param low  lowest value
         * @param high highest value
         * @return this builder
         */
        public Builder integer(String name, int low, int high) {
            return add(new ParamSpec(name, new Distribution.IntUniform(low, high), null, null));
        }

        /**
         * @param name the parameter
         * @param low  lowest value, at least 1
         * @param high highest value
         * @return this builder
         */
        public Builder intlog(String name, int low, int high) {
            return add(new ParamSpec(name, new Distribution.IntLog(low, high), null, null));
        }

        /**
         * Makes the last added parameter exist only when {@code parent} takes one of {@code values}.
         *
         * @param parent a choice parameter declared before
         * @param values its values
         * @return this builder
         */
        public Builder when(String parent, Object... values) {
            if (params.isEmpty()) {
                throw new InvalidStateException("when(...) follows a parameter");
            }
            ParamSpec last = params.remove(params.size() - 1);
            return add(new ParamSpec(last.name(), last.distribution(), parent, Arrays.asList(values)));
        }

        /** @return the space */
        public SearchSpace build() {
            if (params.isEmpty()) {
                throw new InvalidArgumentException("search space: found no parameters, expected at least one");
            }
            return new SearchSpace(params);
        }
    }
}
