package dev.ember.ml.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Combines per-partition results in a tree of a given depth, in a fixed order: at each level consecutive groups
 * of {@code scale = max(2, ceil(n^(1/depth)))} results are merged left to right. The shape depends only on the
 * number of results and the depth, so a runtime that combines with it is deterministic for a fixed partitioning.
 */
public final class TreeCombiner {
    private TreeCombiner() {
    }

    /**
     * @param n the number of leaves
     * @param depth the tree depth, at least 1
     * @return the fan-in of each level
     */
    public static int fanIn(int n, int depth) {
        return Math.max(2, (int) Math.ceil(Math.pow(n, 1.0 / depth) - 1e-9));
    }

    /**
     * @param partials the per-partition results, in partition order, at least one
     * @param depth the tree depth
     * @param combOp an associative merge
     * @param <A> the result type
     * @return the combined result
     */
    public static <A> A combine(List<A> partials, int depth, BinaryOperator<A> combOp) {
        int scale = fanIn(partials.size(), depth);
        List<A> level = partials;
        while (level.size() > 1) {
            List<A> next = new ArrayList<>((level.size() + scale - 1) / scale);
            for (int start = 0; start < level.size(); start += scale) {
                A acc = level.get(start);
                for (int j = start + 1; j < Math.min(start + scale, level.size()); j++) {
                    acc = combOp.apply(acc, level.get(j));
                }
                next.add(acc);
            }
            level = next;
        }
        return level.get(0);
    }
}
