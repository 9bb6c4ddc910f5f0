package dev.ember.ml.algo.tree.hist;

import org.agrona.UnsafeApi;

/**
 * Whether the histogram kernels may read and write {@code double[]} elements without array bounds checks, through
 * Agrona's {@link UnsafeApi} (which needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, as
 * Aeron does; Ember's launchers and tests pass it). Without it, or with {@code -Dember.unsafe.disable=true}, the
 * kernels keep their checked loops. A caller of the unchecked access proves every offset inside its array first.
 */
final class UncheckedDoubles {
    /** The byte offset of element 0 of a {@code double[]}. */
    static final long BASE;
    /** Whether unchecked access works in this JVM. */
    static final boolean AVAILABLE;

    static {
        long base = 0;
        boolean ok;
        try {
            base = UnsafeApi.arrayBaseOffset(double[].class);
            double[] probe = {1.5};
            UnsafeApi.putDouble(probe, base, UnsafeApi.getDouble(probe, base) + 1);
            ok = probe[0] == 2.5;
        } catch (Throwable e) {
            ok = false;
        }
        BASE = base;
        AVAILABLE = ok;
    }

    private UncheckedDoubles() {
    }

    /**
     * @return whether to use unchecked access now: {@link #AVAILABLE} and not turned off with
     *     {@code -Dember.unsafe.disable=true} (read at each call, so a test can compare both paths)
     */
    static boolean enabled() {
        return AVAILABLE && !Boolean.getBoolean("ember.unsafe.disable");
    }
}
