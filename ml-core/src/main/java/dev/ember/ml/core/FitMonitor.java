package dev.ember.ml.core;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches the iterations of the iterative fits made on this thread: after each iteration, an iterative estimator
 * (logistic regression's optimizer, for one) hands over its objective and, on request, the model as it stands. A
 * hyperparameter sweep uses this to score a trial mid-fit and stop it there (a pruned trial's fit ends by the
 * exception its monitor throws, which propagates out of {@code fit}).
 *
 * <pre>{@code
 * try (FitMonitor.Scope s = FitMonitor.install((iteration, objective, model) -> {
 *     if (iteration % 10 == 0 && evaluator.evaluate(model.get().transform(validation)) < threshold) {
 *         throw new TrialPruned(iteration);
 *     }
 * })) {
 *     lr.fit(train);
 * }
 * }</pre>
 *
 * <p>Only fits on the installing thread see it (fits nested inside, in a pipeline, included); a monitor that
 * asks for no model costs nothing per iteration.
 */
@FunctionalInterface
public interface FitMonitor {

    /**
     * @param iteration the iteration just completed (1, 2, ...)
     * @param objective the objective after it
     * @param model builds the model of the current iterate (as the fit would return it if it stopped now)
     */
    void onIteration(int iteration, double objective, Supplier<? extends Model> model);

    /**
     * Installs a monitor for the fits on this thread until the scope closes (the previous one is restored then).
     *
     * @param monitor the monitor
     * @return the scope; close it in a {@code finally} (try-with-resources)
     */
    static Scope install(FitMonitor monitor) {
        FitMonitor previous = Scope.CURRENT.get();
        Scope.CURRENT.set(monitor);
        return new Scope(previous);
    }

    /** @return the monitor installed on this thread, if any */
    static Optional<FitMonitor> current() {
        return Optional.ofNullable(Scope.CURRENT.get());
    }

    /** An installed monitor; closing it restores the one before. */
    final class Scope implements AutoCloseable {
        private static final ThreadLocal<FitMonitor> CURRENT = new ThreadLocal<>();
        private final FitMonitor previous;

        private Scope(FitMonitor previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
