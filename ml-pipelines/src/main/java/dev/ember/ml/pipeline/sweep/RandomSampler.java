package dev.ember.ml.pipeline.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent draws from each parameter's prior (uniform on its internal coordinate). */
public final class RandomSampler implements Sampler {
    private final SearchSpace space;
    private final long seed;

    /**
     * @param space the search space
     * @param seed  the seed
     */
    public RandomSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public Map<String, Object> suggest(SweepHistory history, int trialNumber) {
        return sample(space, Sampler.rng(seed, trialNumber));
    }

    static Map<String, Object> sample(SearchSpace space, SplittableRandom rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec p : space.params()) {
            if (p.isActive(out)) {
                out.put(p.name(), p.distribution().sample(rng));
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "random(seed=" + seed + ")";
    }
}
