package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.TreeCombiner;

/**
 * The shape of a tree-aggregate over n partition results, the same as {@link TreeCombiner}'s: level 0 holds the
 * n leaves in partition order, and node {@code j} of level {@code L + 1} combines, left to right, nodes
 * {@code [j * scale, (j + 1) * scale)} of level {@code L}, with {@code scale = TreeCombiner.fanIn(n, depth)}. The
 * shape depends only on n and the depth, so the cluster evaluates exactly the expression the in-process runtime
 * does, whichever executors hold the partitions.
 *
 * <p>Placement: a node is computed by the executor that owns its first leaf. An executor therefore combines
 * its own consecutive partitions locally, sends a node to another executor only when that executor owns the
 * parent, and the owner of partition 0 computes the root and sends it to the driver.
 */
final class TreePlan {
    private final int n;
    private final int scale;
    private final int[] sizes;

    /**
     * @param n the number of leaves, at least 1
     * @param depth the depth, at least 1
     */
    TreePlan(int n, int depth) {
        if (n < 1 || depth < 1) {
            throw new InvalidArgumentException("tree: found n=" + n + ", depth=" + depth + ", expected both >= 1");
        }
        this.n = n;
        this.scale = TreeCombiner.fanIn(n, depth);
        int levels = 1;
        for (int s = n; s > 1; s = (s + scale - 1) / scale) {
            levels++;
        }
        sizes = new int[levels];
        sizes[0] = n;
        for (int l = 1; l < levels; l++) {
            sizes[l] = (sizes[l - 1] + scale - 1) / scale;
        }
    }

    /** @return the number of leaves */
    int leaves() {
        return n;
    }

    /** @return the fan-in */
    int scale() {
        return scale;
    }

    /** @return the root's level */
    int topLevel() {
        return sizes.length - 1;
    }

    /**
     * @param level a level
     * @return its node count
     */
    int size(int level) {
        return sizes[level];
    }

    /**
     * @param level a level
     * @param index a node of it
     * @return the index of its first leaf
     */
    int firstLeaf(int level, int index) {
        long leaf = index;
        for (int l = 0; l < level; l++) {
            leaf *= scale;
        }
        return (int) leaf;
    }

    /**
     * @param level a level above 0
     * @param index a node of it
     * @return how many nodes of the level below it combines
     */
    int childCount(int level, int index) {
        int first = index * scale;
        return Math.min(scale, sizes[level - 1] - first);
    }

    /**
     * @param owners the executor of each leaf
     * @param level a level
     * @param index a node
     * @return the executor that computes the node
     */
    int owner(int[] owners, int level, int index) {
        return owners[firstLeaf(level, index)];
    }
}
