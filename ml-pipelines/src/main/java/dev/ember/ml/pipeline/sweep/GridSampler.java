package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every combination of the parameters' grid values, conditional parameters only where they exist, visited in an
 * order shuffled by the seed (as Optuna's {@code GridSampler}, so a budget cut short still spreads over the grid).
 * Choices contribute their values; numeric parameters {@code points} values evenly spaced on their internal
 * coordinate (log-spaced for log distributions; integers rounded and de-duplicated).
 */
public final class GridSampler implements Sampler {
    /** The default number of grid points for a numeric parameter. */
    public static final int DEFAULT_POINTS = 5;
    private final List<Map<String, Object>> grid;
    private final long seed;
    private final int points;

    /**
     * @param space  the search space
     * @param points grid points per numeric parameter (at least 2)
     * @param seed   the seed for the visiting order
     */
    public GridSampler(SearchSpace space, int points, long seed) {
        if (points < 2) {
            throw new InvalidArgumentException("grid points: found " + points + ", expected >= 2");
        }
        this.seed = seed;
        this.points = points;
        List<Map<String, Object>> all = new ArrayList<>();
        expand(space.params(), 0, new LinkedHashMap<>(), points, all);
        Collections.shuffle(all, new Random(seed));
        this.grid = List.copyOf(all);
    }

    private static void expand(List<ParamSpec> params, int i, LinkedHashMap<String, Object> partial, int points,
                               List<Map<String, Object>> out) {
        if (i == params.size()) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(partial)));
            return;
        }
        ParamSpec p = params.get(i);
        if (!p.isActive(partial)) {
            expand(params, i + 1, partial, points, out);
            return;
        }
        for (Object v : values(p.distribution(), points)) {
            partial.put(p.name(), v);
            expand(params, i + 1, partial, points, out);
            partial.remove(p.name());
        }
    }

    static List<Object> values(Distribution d, int points) {
        if (d instanceof Distribution.Choice c) {
            return c.values();
        }
        double lo = d.internalLow();
        double hi = d.internalHigh();
        if (d instanceof Distribution.IntUniform u) {
            lo = u.low();
            hi = u.high();
        } else if (d instanceof Distribution.IntLog u) {
            lo = Math.log(u.low());
            hi = Math.log(u.high());
        }
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            Object v = d.fromInternal(lo + (hi - lo) * k / (points - 1));
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> suggest(SweepHistory history, int trialNumber) {
        if (trialNumber >= grid.size()) {
            throw new InvalidStateException("grid of " + grid.size() + " settings exhausted at trial " + trialNumber);
        }
        return grid.get(trialNumber);
    }

    @Override
    public int plannedTrials() {
        return grid.size();
    }

    @Override
    public String describe() {
        return "grid(points=" + points + ", seed=" + seed + ", size=" + grid.size() + ")";
    }
}
