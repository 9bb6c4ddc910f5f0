package dev.ember.ml.core.tracking;

import dev.ember.ml.core.Estimator;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Set;

/**
 * Tells, from the call stack, whether a fit runs inside another estimator's fit (a pipeline's stage, a
 * cross-validation's fold), so that only the outermost fit of a run is logged on its own. Walks the stack only
 * when tracking is engaged; a walk costs microseconds.
 */
final class FitNesting {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<Class<?>> INTERNAL = Set.of(FitNesting.class, FitLogger.class, Tracking.class,
        Tracking.RunBuilder.class, Run.class);

    private FitNesting() {
    }

    /** @return the depth of the stack below (and including) the first caller outside the tracking classes */
    static int callerDepth() {
        return WALKER.walk(s -> {
            List<StackFrame> frames = s.toList();
            int i = 0;
            while (i < frames.size() && INTERNAL.contains(frames.get(i).getDeclaringClass())) {
                i++;
            }
            return frames.size() - i;
        });
    }

    /**
     * @param originDepth the depth at which the active run was started (0 for none): fits below it belong to
     *     code outside the run and do not count
     * @return whether the fit that called {@link Tracking#onFit} runs inside another estimator's fit
     */
    static boolean insideOuterFit(int originDepth) {
        return WALKER.walk(s -> {
            List<StackFrame> frames = s.toList();
            int total = frames.size();
            int limit = total - originDepth;
            int i = 0;
            while (i < total && INTERNAL.contains(frames.get(i).getDeclaringClass())) {
                i++;
            }
            if (i >= total) {
                return false;
            }
            Class<?> caller = frames.get(i).getDeclaringClass();
            i++;
            // This fit's own frames: bridge methods, overloads and Estimator's default fit(frame, params...).
            while (i < limit && isFit(frames.get(i)) && (frames.get(i).getDeclaringClass() == caller
                || frames.get(i).getDeclaringClass() == Estimator.class)) {
                i++;
            }
            for (; i < limit; i++) {
                StackFrame f = frames.get(i);
                if (isFit(f) && f.getDeclaringClass() != Estimator.class) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean isFit(StackFrame f) {
        return "fit".equals(f.getMethodName()) && Estimator.class.isAssignableFrom(f.getDeclaringClass());
    }
}
