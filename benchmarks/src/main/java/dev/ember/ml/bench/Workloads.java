package dev.ember.ml.bench;

import dev.ember.ml.bench.cluster.ClusterFamily;
import dev.ember.ml.bench.clustering.ClusteringFamily;
import dev.ember.ml.bench.features.PointInTimeJoinWorkload;
import dev.ember.ml.bench.features.WindowBackfillWorkload;
import dev.ember.ml.bench.linear.LinearFamily;
import dev.ember.ml.bench.load.ParquetCacheWorkload;
import dev.ember.ml.bench.pipeline.PipelineFromParquetWorkload;
import dev.ember.ml.bench.sweep.SweepCvWorkload;
import dev.ember.ml.bench.sweep.SweepEngineWorkload;
import dev.ember.ml.bench.sweep.SweepQualityWorkload;
import dev.ember.ml.bench.tree.TreeFamily;
import dev.ember.ml.bench.tuning.TuningFamily;

import java.util.ArrayList;
import java.util.List;

/** The registry of workloads, in the order a run measures them. */
public final class Workloads {

    private Workloads() {
    }

    /** @return a fresh instance of every workload, a family's workloads next to each other */
    public static List<Workload> all() {
        List<Workload> all = new ArrayList<>();
        all.add(new ParquetCacheWorkload());
        all.addAll(LinearFamily.workloads());
        all.add(new dev.ember.ml.bench.observe.ObservabilityOverheadWorkload());
        all.addAll(ClusterFamily.workloads());
        all.addAll(ClusteringFamily.workloads());
        all.add(new PipelineFromParquetWorkload());
        all.addAll(TuningFamily.workloads());
        all.add(new PointInTimeJoinWorkload());
        all.add(new WindowBackfillWorkload());
        all.addAll(TreeFamily.workloads());
        all.add(new SweepEngineWorkload());
        all.add(new SweepQualityWorkload());
        all.add(new SweepCvWorkload());
        return List.copyOf(all);
    }

    /**
     * @param ids workload ids, empty for all
     * @return the workloads with those ids, in registry order
     * @throws IllegalArgumentException naming an unknown id and the known ones
     */
    public static List<Workload> select(List<String> ids) {
        List<Workload> all = all();
        if (ids.isEmpty()) {
            return all;
        }
        List<String> known = new ArrayList<>();
        for (Workload w : all) {
            known.add(w.id());
        }
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("unknown workload '" + id + "', expected one of " + known);
            }
        }
        List<Workload> out = new ArrayList<>();
        for (Workload w : all) {
            if (ids.contains(w.id())) {
                out.add(w);
            }
        }
        return out;
    }
}
