package dev.ember.ml.algo.optim;

/**
 * Whether the Java Vector API ({@code jdk.incubator.vector}) is in the boot layer. Ember's launch scripts and
 * tests add it ({@code --add-modules jdk.incubator.vector}); without it the kernels fall back to scalar loops.
 */
public final class VectorSupport {
    /** Whether the Vector API is there and not disabled with {@code -Dember.vector.disable=true}. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && !Boolean.getBoolean("ember.vector.disable");

    private VectorSupport() {
    }
}
