package dev.ember.ml.bench.tuning;

import dev.ember.ml.bench.Workload;

import java.util.List;

/** The tuning family: its name (the section of RESULTS.md) and its workloads. */
public final class TuningFamily {
    /** The family's name. */
    public static final String NAME = "Tuning";

    private TuningFamily() {
    }

    /** @return fresh instances of the family's workloads */
    public static List<Workload> workloads() {
        return List.of(new CrossValidationWorkload());
    }
}
