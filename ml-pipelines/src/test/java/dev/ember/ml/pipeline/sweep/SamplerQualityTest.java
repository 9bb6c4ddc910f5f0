package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** TPE against random search on functions with known optima: median best of 20 seeds after 100 trials. */
class SamplerQualityTest {
    private static final int SEEDS = 20;
    private static final int TRIALS = 100;

    @Test
    void shouldBeatRandomSearchOnBraninWhenTpe() {
        compare("branin", TestFunctions.braninSpace(), seed -> TestFunctions::branin, TestFunctions.BRANIN_MIN);
    }

    @Test
    void shouldBeatRandomSearchOnHartmann6WhenTpe() {
        compare("hartmann6", TestFunctions.hartmannSpace(), seed -> TestFunctions::hartmann6,
            TestFunctions.HARTMANN6_MIN);
    }

    @Test
    void shouldBeatRandomSearchOnNoisyQuadraticWhenTpe() {
        compare("noisyQuadratic", TestFunctions.quadraticSpace(),
            seed -> t -> TestFunctions.noisyQuadratic(t, seed), -0.2);
    }

    @Test
    void shouldBeatRandomSearchOnHartmann6WhenUnivariateTpe() {
        long base = Seeds.announce("univariate hartmann6", 300);
        SearchSpace space = TestFunctions.hartmannSpace();
        double[] tpe = new double[SEEDS];
        double[] rnd = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            tpe[s] = best(space, new TpeSampler(space, base + s, new TpeSampler.Options(10, 24, false)),
                TestFunctions::hartmann6);
            rnd[s] = best(space, new RandomSampler(space, base + s), TestFunctions::hartmann6);
        }
        System.err.printf("hartmann6 univariate: TPE median %.4f, random median %.4f%n", median(tpe), median(rnd));
        assertTrue(median(tpe) < median(rnd), "univariate TPE should beat random search");
    }

    private static void compare(String name, SearchSpace space, LongFunction<Objective> objective, double optimum) {
        long base = Seeds.announce(name, 100);
        double[] tpe = new double[SEEDS];
        double[] rnd = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            long seed = base + s;
            tpe[s] = best(space, new TpeSampler(space, seed, TpeSampler.Options.defaults()), objective.apply(seed));
            rnd[s] = best(space, new RandomSampler(space, seed), objective.apply(seed));
        }
        System.err.printf("%s (optimum %.4f): TPE median best %.4f, random median best %.4f%n", name, optimum,
            median(tpe), median(rnd));
        assertTrue(median(tpe) < median(rnd), name + ": TPE median " + median(tpe) + " should beat random "
            + median(rnd));
        for (double v : tpe) {
            assertTrue(v >= optimum - 0.2, name + ": found " + v + " below the known optimum " + optimum);
        }
    }

    private static double best(SearchSpace space, Sampler sampler, Objective objective) {
        return Sweep.builder(space).sampler(sampler).budget(Budget.trials(TRIALS)).build().run(objective)
            .best().orElseThrow().value();
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
