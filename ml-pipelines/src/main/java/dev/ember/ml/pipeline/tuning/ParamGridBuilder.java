package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds the grid of param maps a {@link CrossValidator} or {@link TrainValidationSplit} tries: the cartesian
 * product of the values given to {@link #addGrid}, each on top of the maps given to {@link #baseOn}. As in Spark,
 * the first grid added varies fastest.
 *
 * <pre>{@code
 * List<ParamMap> grid = new ParamGridBuilder()
 *     .addGrid(lr, LogisticRegression.REG_PARAM, 0.001, 0.01, 0.1)
 *     .addGrid(lr, LogisticRegression.ELASTIC_NET_PARAM, 0.0, 0.5)
 *     .build();   // 6 maps
 * }</pre>
 */
public final class ParamGridBuilder {
    private final List<Axis<?>> axes = new ArrayList<>();
    private ParamMap base = ParamMap.empty();

    /** One param of one stage and the values to try. */
    private record Axis<T>(PipelineStage stage, Param<T> param, List<T> values) {
    }

    /**
     * @param stage the stage the param belongs to
     * @param param one of the stage's params
     * @param values the values to try, at least one, each valid for the param
     * @param <T> the value type
     * @return this builder
     * @throws InvalidArgumentException if the param is not the stage's, no value is given, a value is invalid
     *     or the param already has a grid
     */
    @SafeVarargs
    public final <T> ParamGridBuilder addGrid(PipelineStage stage, Param<T> param, T... values) {
        return addGrid(stage, param, Arrays.asList(values));
    }

    /**
     * @param stage the stage the param belongs to
     * @param param one of the stage's params
     * @param values the values to try, at least one, each valid for the param
     * @param <T> the value type
     * @return this builder
     * @throws InvalidArgumentException if the param is not the stage's, no value is given, a value is invalid
     *     or the param already has a grid
     */
    public <T> ParamGridBuilder addGrid(PipelineStage stage, Param<T> param, List<T> values) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(param, "param");
        checkOwned(stage, param);
        if (values == null || values.isEmpty()) {
            throw new InvalidArgumentException("grid of param " + param.name() + " on " + stage.uid()
                + ": found no values, expected at least one");
        }
        for (Axis<?> a : axes) {
            if (a.stage().uid().equals(stage.uid()) && a.param().name().equals(param.name())) {
                throw new InvalidArgumentException("param " + param.name() + " of " + stage.uid()
                    + " already has a grid; give all its values in one addGrid call");
            }
        }
        for (T v : values) {
            param.validate(v);
        }
        axes.add(new Axis<>(stage, param, List.copyOf(values)));
        return this;
    }

    /**
     * Sets a param to one value in every map of the grid.
     *
     * @param stage the stage the param belongs to
     * @param param one of the stage's params
     * @param value its value in every map
     * @param <T> the value type
     * @return this builder
     */
    public <T> ParamGridBuilder baseOn(PipelineStage stage, Param<T> param, T value) {
        checkOwned(stage, param);
        base = GridMaps.put(base, stage, param, value);
        return this;
    }

    /**
     * @param map values every map of the grid starts from
     * @return this builder
     */
    public ParamGridBuilder baseOn(ParamMap map) {
        base = base.merge(Objects.requireNonNull(map, "map"));
        return this;
    }

    /**
     * @return the maps, one per combination of the grids' values (one map, the base, if no grid was added)
     */
    public List<ParamMap> build() {
        List<ParamMap> maps = new ArrayList<>(List.of(base));
        for (Axis<?> axis : axes) {
            maps = expand(maps, axis);
        }
        return List.copyOf(maps);
    }

    private static <T> List<ParamMap> expand(List<ParamMap> maps, Axis<T> axis) {
        List<ParamMap> out = new ArrayList<>(maps.size() * axis.values().size());
        for (T v : axis.values()) {
            for (ParamMap m : maps) {
                out.add(GridMaps.put(m, axis.stage(), axis.param(), v));
            }
        }
        return out;
    }

    private static void checkOwned(PipelineStage stage, Param<?> param) {
        if (!stage.params().contains(param)) {
            throw new InvalidArgumentException("param " + param.name() + " does not belong to "
                + stage.getClass().getSimpleName() + " " + stage.uid() + "; its params are "
                + stage.params().stream().map(Param::name).toList());
        }
    }
}
