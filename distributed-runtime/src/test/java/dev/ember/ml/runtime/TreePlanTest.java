package dev.ember.ml.runtime;

import dev.ember.ml.core.runtime.TreeCombiner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cluster's tree is TreeCombiner's: the same expression for every n and depth, whichever executors own the
 * partitions; the root is computed by the owner of partition 0; only it talks to the driver.
 */
class TreePlanTest {

    private static String expr(TreePlan t, int level, int index) {
        if (level == 0) {
            return "p" + index;
        }
        String acc = expr(t, level - 1, index * t.scale());
        for (int c = 1; c < t.childCount(level, index); c++) {
            acc = "(" + acc + "+" + expr(t, level - 1, index * t.scale() + c) + ")";
        }
        return acc;
    }

    @Test
    void shouldBuildTheSameExpressionAsTreeCombiner() {
        for (int n = 1; n <= 130; n++) {
            for (int depth = 1; depth <= 5; depth++) {
                List<String> leaves = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    leaves.add("p" + i);
                }
                TreePlan t = new TreePlan(n, depth);
                assertEquals(TreeCombiner.combine(leaves, depth, (a, b) -> "(" + a + "+" + b + ")"),
                    expr(t, t.topLevel(), 0), "n=" + n + " depth=" + depth);
                assertEquals(1, t.size(t.topLevel()));
            }
        }
    }

    @Test
    void shouldSendOnlyAcrossExecutorsAndOnlyTheRootToTheDriver() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(64);
            int m = 1 + rnd.nextInt(6);
            int depth = 1 + rnd.nextInt(4);
            int[] owners = new int[n];
            for (int p = 0; p < n; p++) {
                owners[p] = trial % 2 == 0 ? p * m / n : rnd.nextInt(m);
            }
            TreePlan t = new TreePlan(n, depth);
            int toDriver = 0;
            Set<Integer> crossPerExecutor = new HashSet<>();
            for (int level = 0; level <= t.topLevel(); level++) {
                for (int j = 0; j < t.size(level); j++) {
                    if (level == t.topLevel()) {
                        toDriver++;
                        assertEquals(owners[0], t.owner(owners, level, j));
                    } else if (t.owner(owners, level + 1, j / t.scale()) != t.owner(owners, level, j)) {
                        crossPerExecutor.add(t.owner(owners, level, j));
                    }
                }
            }
            assertEquals(1, toDriver);
        }
    }
}
