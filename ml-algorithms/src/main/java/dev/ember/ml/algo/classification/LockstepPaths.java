package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.optim.SharedLossPasses;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent regularization paths of one logistic regression over the same data (settings that differ in
 * elasticNetParam, or in regParam off a path), fitted in lockstep: one thread per path, each path warm-started
 * from large to small regParam as alone, and every round of their loss evaluations one shared pass over the
 * block ({@link SharedLossPasses}). A grid of 2 elastic-net values by 3 regParams makes as many passes as its
 * longest path needs, instead of the sum over both.
 */
final class LockstepPaths {
    private LockstepPaths() {
    }

    /**
     * @param owner the estimator whose multi-setting fit this is (its fit scope is opened on the path threads)
     * @param frame the training data (cached)
     * @param settings one configured copy per param map
     * @param chains the paths: indices into {@code settings}, each from large to small regParam
     * @param summary the data's summary, shared by every setting
     * @param data the data's fingerprint
     * @param lossParams the loss kernel's columns
     * @param depth the tree-aggregate depth
     * @return the models, in the order of {@code settings}
     */
    static List<LogisticRegressionModel> fit(LogisticRegression owner, Frame frame, List<LogisticRegression> settings,
                                             List<List<Integer>> chains, Summarizer.Summary summary,
                                             DataFingerprint data, KernelParams lossParams, int depth) {
        SharedLossPasses passes = new SharedLossPasses(frame, lossParams, depth, chains.size());
        LogisticRegressionModel[] out = new LogisticRegressionModel[settings.size()];
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(chains.size(), r -> {
            Thread t = new Thread(r, "ember-lockstep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Integer> chain : chains) {
                futures.add(pool.submit(dev.ember.ml.core.observe.TraceScope.propagate(() -> {
                    try (FitScope scope = Tracking.enterFit(owner)) {
                        LogisticRegressionModel previous = null;
                        for (int i : chain) {
                            previous = settings.get(i).fitShared(frame, summary, data, previous, passes);
                            out[i] = previous;
                        }
                    } finally {
                        passes.leave();
                    }
                })));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlException("interrupted while fitting regularization paths", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MlException("a regularization path fit failed: " + e.getCause(), e.getCause());
        }
    }
}
