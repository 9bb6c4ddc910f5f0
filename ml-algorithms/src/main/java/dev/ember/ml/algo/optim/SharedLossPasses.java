package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loss evaluations of several fits over the same data, batched into shared passes (SPARK-22126, which Spark never
 * merged): settings that differ only in the penalty (regParam, elasticNetParam) run their optimizers in lockstep,
 * one thread each, and every round of evaluation requests is answered by one pass over the cached block that
 * computes all their gradients ({@link LossKernels#binaryLogisticManyKernel()}).
 *
 * <p>Each of the {@code parties} optimizers calls {@link #sums} for each evaluation and {@link #leave} when it is
 * done (in a {@code finally}); a round runs when every party still in is waiting, so the number of passes is the
 * largest number of evaluations any party makes, not their sum. The results are the ones separate passes give,
 * up to the order of floating-point additions.
 */
public final class SharedLossPasses {
    private final Frame frame;
    private final KernelParams baseParams;
    private final int depth;
    private int active;
    private final List<Request> pending = new ArrayList<>();
    private int passes;

    /** One party's evaluation request. */
    private static final class Request {
        final double[] coef;
        double[] sums;
        RuntimeException error;

        Request(double[] coef) {
            this.coef = coef;
        }
    }

    /**
     * @param frame the training data, the same for every party
     * @param baseParams featuresCol, labelCol and optional weightCol of the binary logistic loss
     * @param depth the tree-aggregate depth
     * @param parties the number of optimizers that will share the passes
     */
    public SharedLossPasses(Frame frame, KernelParams baseParams, int depth, int parties) {
        if (parties < 1) {
            throw new InvalidArgumentException("shared loss passes: found " + parties + " parties, expected >= 1");
        }
        this.frame = frame;
        this.baseParams = baseParams;
        this.depth = depth;
        this.active = parties;
    }

    /**
     * The binary logistic loss sums of one coefficient vector, {@code [G (d), R, lossSum, weightSum]}: waits until
     * every party still in has asked, then runs one pass for all.
     *
     * @param coef {@code [beta (d), offset]}
     * @return the sums
     */
    public synchronized double[] sums(double[] coef) {
        Request r = new Request(coef.clone());
        pending.add(r);
        if (pending.size() >= active) {
            runRound();
        }
        while (r.sums == null && r.error == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.remove(r);
                throw new InvalidStateException("interrupted while waiting for a shared loss pass", e);
            }
        }
        if (r.error != null) {
            throw r.error;
        }
        return r.sums;
    }

    /** A party is done: the others no longer wait for it. */
    public synchronized void leave() {
        active--;
        if (active > 0 && !pending.isEmpty() && pending.size() >= active) {
            runRound();
        }
    }

    /** @return the passes run so far */
    public synchronized int passes() {
        return passes;
    }

    private void runRound() {
        List<Request> round = new ArrayList<>(pending);
        pending.clear();
        try {
            int width = round.get(0).coef.length;
            double[] coefs = new double[round.size() * width];
            for (int i = 0; i < round.size(); i++) {
                System.arraycopy(round.get(i).coef, 0, coefs, i * width, width);
            }
            Broadcast<double[]> b = frame.runtime().broadcast(coefs, ValueCodecs.DOUBLE_ARRAY);
            double[] all;
            try {
                BatchLossArgs args = new BatchLossArgs(LossColumns.CODEC.decode(baseParams), b, round.size());
                all = frame.treeAggregate(AggregateCall.of(LossKernels.binaryLogisticManyKernel(), args.toParams()),
                    depth);
            } finally {
                b.destroy();
            }
            passes++;
            if (all.length == 0) {
                throw new InvalidArgumentException("the training data has no rows, expected at least one");
            }
            int out = width + 2;
            for (int i = 0; i < round.size(); i++) {
                round.get(i).sums = Arrays.copyOfRange(all, i * out, (i + 1) * out);
            }
        } catch (RuntimeException e) {
            for (Request r : round) {
                r.error = e;
            }
        }
        notifyAll();
    }
}
