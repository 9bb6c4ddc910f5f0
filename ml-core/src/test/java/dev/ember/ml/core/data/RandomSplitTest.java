package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class RandomSplitTest {
    private static final long SEED = 20261205L;
    private static final int N = 20_000;
    private static Runtime rt;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    private static Set<Long> ids(Frame f) {
        Set<Long> out = new TreeSet<>();
        for (double d : f.collectDoubles("id")) {
            out.add((long) d);
        }
        return out;
    }

    @Test
    void shouldGiveIdenticalSplitsWhenPartitionedIntoOneThreeOrSevenParts() {
        List<Set<Long>> reference = null;
        for (int parts : new int[] {1, 3, 7}) {
            Frame[] splits = TestFrames.mixed(rt, N, parts, SEED).randomSplit(new double[] {0.7, 0.2, 0.1}, SEED);
            List<Set<Long>> got = List.of(ids(splits[0]), ids(splits[1]), ids(splits[2]));
            if (reference == null) {
                reference = got;
            }
            assertEquals(reference, got, "parts=" + parts + " seed=" + SEED);
            assertEquals(parts, splits[0].numPartitions());
        }
    }

    @Test
    void shouldPartitionEveryRowOnceInProportionToTheWeights() {
        Frame[] splits = TestFrames.mixed(rt, N, 4, SEED).randomSplit(new double[] {7, 2, 1}, SEED);
        Set<Long> all = new HashSet<>();
        double[] expected = {0.7, 0.2, 0.1};
        for (int i = 0; i < 3; i++) {
            Set<Long> s = ids(splits[i]);
            for (Long id : s) {
                assertTrue(all.add(id), "row " + id + " in two splits, seed=" + SEED);
            }
            double share = s.size() / (double) N;
            // binomial standard deviation at N = 20000 is at most 0.0036; 5 sigma
            assertEquals(expected[i], share, 0.018, "split " + i + " seed=" + SEED);
            assertEquals(s.size(), splits[i].count());
        }
        assertEquals(N, all.size());
    }

    @Test
    void shouldChangeTheSplitWhenTheSeedChanges() {
        Frame f = TestFrames.mixed(rt, 2_000, 2, SEED);
        assertNotEquals(ids(f.randomSplit(new double[] {0.5, 0.5}, 1)[0]),
            ids(f.randomSplit(new double[] {0.5, 0.5}, 2)[0]));
    }

    @Test
    void shouldSampleTheSameRowsWhateverThePartitioning() {
        Set<Long> one = ids(TestFrames.mixed(rt, N, 1, SEED).sample(0.25, 99));
        Set<Long> seven = ids(TestFrames.mixed(rt, N, 7, SEED).sample(0.25, 99));
        assertEquals(one, seven);
        assertEquals(0.25, one.size() / (double) N, 0.016, "seed=99");
        assertEquals(0, TestFrames.mixed(rt, 100, 2, SEED).sample(0.0, 1).count());
        assertEquals(100, TestFrames.mixed(rt, 100, 2, SEED).sample(1.0, 1).count());
    }

    @Test
    void shouldAssignFoldsLikeTheSplitWhateverThePartitioning() {
        int k = 5;
        double[] ref = null;
        for (int parts : new int[] {1, 3, 7}) {
            Frame f = TestFrames.mixed(rt, N, parts, SEED).withFoldColumn("fold", k, SEED);
            assertEquals(DataType.INT, f.schema().field("fold").type());
            double[] folds = f.collectDoubles("fold");
            if (ref == null) {
                ref = folds;
            }
            assertEquals(java.util.Arrays.toString(ref), java.util.Arrays.toString(folds), "parts=" + parts);
        }
        int[] counts = new int[k];
        for (double d : ref) {
            counts[(int) d]++;
        }
        for (int c : counts) {
            assertEquals(N / (double) k, c, 5 * Math.sqrt(N * 0.2 * 0.8),
                "fold sizes " + java.util.Arrays.toString(counts));
        }
        Frame[] equal = TestFrames.mixed(rt, N, 3, SEED).randomSplit(new double[] {1, 1, 1, 1, 1}, SEED);
        Set<Long> fold2 = new TreeSet<>();
        double[] ids = TestFrames.mixed(rt, N, 3, SEED).withFoldColumn("fold", k, SEED).collectDoubles("id");
        for (int i = 0; i < ids.length; i++) {
            if (ref[i] == 2) {
                fold2.add((long) ids[i]);
            }
        }
        assertEquals(ids(equal[2]), fold2, "fold 2 equals the third of five equal splits");
    }

    @Test
    void shouldRefuseBadWeightsAndFractions() {
        Frame f = TestFrames.mixed(rt, 10, 1, SEED);
        assertTrue(assertThrows(InvalidArgumentException.class, () -> f.randomSplit(new double[] {0.5, -1}, 1))
            .getMessage().contains("expected finite weights >= 0"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> f.randomSplit(new double[] {0, 0}, 1))
            .getMessage().contains("at least one positive"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> f.sample(1.5, 1))
            .getMessage().contains("expected 0 <= fraction <= 1"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> f.withFoldColumn("fold", 1, 1))
            .getMessage().contains("expected k >= 2"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> f.withFoldColumn("x", 3, 1))
            .getMessage().contains("'x' already exists"));
    }

    @Test
    void shouldDropColumnsAndRefuseUnknownOnes() {
        Frame f = TestFrames.mixed(rt, 10, 2, SEED);
        assertEquals(List.of("id", "s"), f.drop("x").schema().names());
        assertThrows(InvalidArgumentException.class, () -> f.drop("nope"));
    }
}
