package dev.ember.ml.bench.linear;

import dev.ember.ml.bench.Workload;

import java.util.List;

/** The linear-models family: its name (the section of RESULTS.md) and its workloads, in the order they run. */
public final class LinearFamily {
    /** The family's name. */
    public static final String NAME = "Linear models";

    private LinearFamily() {
    }

    /** @return fresh instances of the family's workloads */
    public static List<Workload> workloads() {
        return List.of(LogisticRegressionWorkload.fit(), LogisticRegressionWorkload.pass(),
            LinearRegressionWorkload.lbfgs(), LinearRegressionWorkload.normal(), new GradientPassWorkload());
    }
}
