package dev.ember.ml.algo.tree.hist;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The partition states of the fits under way in this JVM (the driver's in-process executors, or one executor
 * JVM of a cluster), by fit and partition. A fit drops its own at its end ({@link HistKernels.Release}).
 */
final class TrainingStates {
    private static final ConcurrentHashMap<String, PartitionState> STATES = new ConcurrentHashMap<>();

    private TrainingStates() {
    }

    static PartitionState get(String trainingId, int partition, Supplier<PartitionState> build) {
        return STATES.computeIfAbsent(trainingId + "/" + partition, k -> build.get());
    }

    static void drop(String trainingId, int partition) {
        STATES.remove(trainingId + "/" + partition);
    }

    /** @return the number of states held, for tests */
    static int size() {
        return STATES.size();
    }
}
