package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegressionModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver of {@link NetworkNamespaceTest}, run in its own network namespace: binds 0.0.0.0:port, waits for two
 * executors, fits the logistic regression of {@link ExecutorFailureTest#lr()} on a Parquet file, prints
 * {@code ROUNDS 6} once six rounds are done (the test then cuts a link) and writes the coefficients, intercept
 * last, as hexadecimal doubles.
 */
public final class NetnsDriverMain {
    private NetnsDriverMain() {
    }

    /** @param args parquet file, output file, port */
    public static void main(String[] args) throws Exception {
        ClusterRuntime rt = ClusterRuntime.listen("0.0.0.0", Integer.parseInt(args[2]),
            new ClusterConfig().minExecutors(2));
        System.out.println("READY " + rt.executorCount());
        Thread watcher = new Thread(() -> {
            while (rt.roundsCompleted() < 6) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("ROUNDS 6");
            System.out.flush();
        });
        watcher.setDaemon(true);
        watcher.start();
        LogisticRegressionModel m = ExecutorFailureTest.lr().fit(ClusterTestData.read(rt, Path.of(args[0])).cache());
        List<String> lines = new ArrayList<>();
        for (double c : m.coefficients()) {
            lines.add(Double.toHexString(c));
        }
        lines.add(Double.toHexString(m.intercept()));
        Files.write(Path.of(args[1]), lines);
        System.out.println("DONE executors=" + rt.executorCount() + " relaunched=" + rt.roundsRelaunched());
        System.out.flush();
        rt.close();
        System.exit(0);
    }
}
