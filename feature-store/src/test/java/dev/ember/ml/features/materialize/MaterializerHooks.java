package dev.ember.ml.features.materialize;

/** Test access to the materializer's fault-injection hook. */
public final class MaterializerHooks {
    private MaterializerHooks() {
    }

    /**
     * @param m a materializer
     * @param hook runs after files are written aside, before they are renamed
     */
    public static void beforeRename(Materializer m, Runnable hook) {
        m.beforeRename(hook);
    }
}
