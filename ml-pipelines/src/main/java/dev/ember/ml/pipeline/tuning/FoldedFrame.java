package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;

import java.util.List;

/**
 * A frame split into folds once, for scoring many settings, in many calls, against the same folds: what a
 * hyperparameter sweep does when each trial is scored by cross-validation.
 *
 * <pre>{@code
 * try (FoldedFrame folds = FoldedFrame.kFold(train, 3, 7)) {
 *     for (ParamMap setting : settingsFromMySampler) {
 *         double auc = folds.meanScore(lr, setting, new BinaryClassificationEvaluator());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link CrossValidator#fit} keeps nothing between calls: each call caches the input with its fold ids, builds
 * each fold's training weights, gathers the folds' statistics and refits the best setting on all rows. A
 * {@code FoldedFrame} does the first three once and keeps them until {@link #close()}: every later
 * {@link #score} only fits and evaluates (and a two-phase estimator whose settings declare the statistics already
 * gathered starts from them without a pass). The scores are the ones {@code CrossValidator} reports for the same
 * folds, settings and evaluator ({@link CrossValidatorModel#avgMetrics()} is {@link #meanScores}); nothing is
 * refitted on all rows. Safe to call from several threads at once (a sweep scoring trials in parallel).
 */
public final class FoldedFrame implements AutoCloseable {
    private final Folds folds;

    private FoldedFrame(Folds folds) {
        this.folds = folds;
    }

    /**
     * K folds drawn from a seeded hash of each row's content, as {@link CrossValidator} draws them with the same
     * {@code numFolds} and {@code seed}.
     *
     * @param frame the rows to split (cached with their fold ids until {@link #close()})
     * @param numFolds the number of folds (>= 2)
     * @param seed the seed of the fold assignment
     * @return the folded frame
     */
    public static FoldedFrame kFold(Frame frame, int numFolds, long seed) {
        checkFolds(numFolds);
        return new FoldedFrame(Folds.kFold(frame, numFolds, seed));
    }

    /**
     * The user's folds: an int column of fold ids {@code 0..numFolds-1} (as {@link CrossValidator#foldCol}).
     *
     * @param frame the rows to split
     * @param foldCol the fold-id column
     * @param numFolds the number of folds (>= 2)
     * @return the folded frame
     */
    public static FoldedFrame fromColumn(Frame frame, String foldCol, int numFolds) {
        checkFolds(numFolds);
        return new FoldedFrame(Folds.fromColumn(frame, foldCol, numFolds));
    }

    private static void checkFolds(int numFolds) {
        if (numFolds < 2) {
            throw new InvalidArgumentException("numFolds: found " + numFolds + ", expected >= 2");
        }
    }

    /** @return the number of folds */
    public int numFolds() {
        return folds.numFolds();
    }

    /**
     * Fits every setting on the complement of every fold and scores it on the fold.
     *
     * @param estimator the estimator
     * @param settings the settings (param maps over the estimator's params)
     * @param evaluator scores each fold's predictions
     * @param parallelism fits run at once (>= 1)
     * @return {@code scores[setting][fold]}
     */
    public double[][] score(Estimator<?> estimator, List<ParamMap> settings, Evaluator evaluator, int parallelism) {
        TuningChecks.check("FoldedFrame.score", estimator, settings, evaluator);
        if (parallelism < 1) {
            throw new InvalidArgumentException("parallelism: found " + parallelism + ", expected >= 1");
        }
        int[] splits = new int[folds.numFolds()];
        for (int f = 0; f < splits.length; f++) {
            splits[f] = f;
        }
        return SettingsSearch.run(estimator, estimator, settings, evaluator, folds, splits, parallelism, false)
            .metrics();
    }

    /**
     * @param estimator the estimator
     * @param settings the settings
     * @param evaluator scores each fold's predictions
     * @param parallelism fits run at once (>= 1)
     * @return each setting's mean score over the folds (what {@link CrossValidatorModel#avgMetrics()} reports)
     */
    public double[] meanScores(Estimator<?> estimator, List<ParamMap> settings, Evaluator evaluator,
                               int parallelism) {
        double[][] s = score(estimator, settings, evaluator, parallelism);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Stats.mean(s[i]);
        }
        return out;
    }

    /**
     * @param estimator the estimator
     * @param setting one setting
     * @param evaluator scores each fold's predictions
     * @return the setting's mean score over the folds, its folds fitted one after another
     */
    public double meanScore(Estimator<?> estimator, ParamMap setting, Evaluator evaluator) {
        return meanScores(estimator, List.of(setting), evaluator, 1)[0];
    }

    /** Drops what the folds cached (fold ids, training weights, statistics). */
    @Override
    public void close() {
        folds.close();
    }
}
