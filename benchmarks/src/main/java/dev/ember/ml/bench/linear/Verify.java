package dev.ember.ml.bench.linear;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** The check a linear-model workload makes after its warm-up: Ember and Spark fitted the same model. */
final class Verify {
    private static final Logger LOG = LoggerFactory.getLogger(Verify.class);

    private Verify() {
    }

    /**
     * @param workload the workload's id, for the messages
     * @param ember Ember's coefficients from the warm-up (intercept last), or null without a warm-up
     * @param spark Spark's, or null
     * @param tolerance the largest {@code max |Δ| / max |coef|} accepted
     * @throws IllegalStateException if the models differ by more
     */
    static void sameModel(String workload, double[] ember, double[] spark, double tolerance) {
        if (ember == null || spark == null) {
            LOG.info("{}: no warm-up fit, nothing to verify before the timed repetitions", workload);
            return;
        }
        double diff = Quality.normRelativeDifference(ember, spark);
        if (!(diff <= tolerance)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: Ember's and Spark's models differ by "
                + "max |Δ| / max |coef| = %.3g, expected at most %.0e: they did not fit the same problem", workload,
                diff, tolerance));
        }
        LOG.info("verified: {}: Ember's and Spark's coefficients differ by max |Δ| / max |coef| = {}", workload,
            String.format(Locale.ROOT, "%.2g", diff));
    }
}
