package dev.ember.ml.cli.sweep;

import dev.ember.ml.pipeline.sweep.GridSampler;
import dev.ember.ml.pipeline.sweep.RandomSampler;
import dev.ember.ml.pipeline.sweep.Sampler;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.TpeSampler;

/** Builds the engine's {@link Sweep} from a sweep file. */
public final class SweepFactory {
    private SweepFactory() {
    }

    /**
     * @param spec the sweep
     * @return its sampler
     */
    public static Sampler sampler(SweepSpec spec) {
        SweepSpec.Strategy s = spec.strategy();
        return switch (s.type()) {
            case "grid" -> new GridSampler(spec.space(), s.gridPoints(), spec.seed());
            case "random" -> new RandomSampler(spec.space(), spec.seed());
            default -> new TpeSampler(spec.space(), spec.seed(),
                new TpeSampler.Options(s.startupTrials(), s.eiCandidates(), s.multivariate()));
        };
    }

    /**
     * @param spec     the sweep
     * @param parallel trials at once
     * @return a builder with everything but the listeners
     */
    public static Sweep.Builder builder(SweepSpec spec, int parallel) {
        return Sweep.builder(spec.space()).name(spec.name()).direction(spec.objective().direction())
            .sampler(sampler(spec)).pruner(spec.pruner()).budget(spec.budget()).parallel(parallel)
            .seed(spec.seed()).journal(spec.journal());
    }
}
