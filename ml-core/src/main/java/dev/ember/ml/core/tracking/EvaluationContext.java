package dev.ember.ml.core.tracking;

/**
 * Names the data that evaluations on this thread score, from {@link Tracking#evaluationContext} until
 * {@link #close()}: their metrics are logged as {@code <context>.<Evaluator>.<metric>} (such as
 * {@code test.BinaryClassificationEvaluator.areaUnderROC}) and their charts under {@code evaluation/<context>/}.
 */
public final class EvaluationContext implements AutoCloseable {
    private final String name;
    private boolean closed;

    EvaluationContext(String name) {
        this.name = name;
    }

    /** @return the context's name, such as {@code test} */
    public String name() {
        return name;
    }

    /** Ends the context (idempotent). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            EvaluationLogger.exit(name);
        }
    }
}
