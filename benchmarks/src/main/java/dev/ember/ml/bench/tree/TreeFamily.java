package dev.ember.ml.bench.tree;

import dev.ember.ml.bench.Workload;

import java.util.List;

/** The tree workloads (boosting, then forests, each its own section of RESULTS.md), in the order a run measures them. */
public final class TreeFamily {
    private TreeFamily() {
    }

    /** @return fresh instances */
    public static List<Workload> workloads() {
        return List.of(new GbtWorkload(), new ForestWorkload());
    }
}
