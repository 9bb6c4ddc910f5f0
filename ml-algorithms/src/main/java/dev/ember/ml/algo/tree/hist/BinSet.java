package dev.ember.ml.algo.tree.hist;

/**
 * A set of bins 0..255 as eight 32-bit words: the bins a categorical split sends left. In the split and tree
 * tables the words are stored as doubles ({@link #put}, {@link #containsAt}), which hold any 32-bit value exactly.
 */
public final class BinSet {
    /** The words of a set. */
    public static final int WORDS = 8;

    private BinSet() {
    }

    /** @param bins bins 0..255 @return the set of them */
    public static int[] of(int[] bins) {
        int[] set = new int[WORDS];
        for (int b : bins) {
            add(set, b);
        }
        return set;
    }

    /** @param set a set @return its bins, ascending */
    public static int[] members(int[] set) {
        return java.util.stream.IntStream.range(0, 32 * WORDS).filter(b -> contains(set, b)).toArray();
    }

    /** Adds bin {@code b} to {@code set}. */
    static void add(int[] set, int b) {
        set[b >>> 5] |= 1 << (b & 31);
    }

    /** @return whether {@code set} holds bin {@code b} */
    public static boolean contains(int[] set, int b) {
        return (set[b >>> 5] >>> (b & 31) & 1) != 0;
    }

    /** Writes {@code set} (null: the empty set) into {@code out} at {@code at} as {@link #WORDS} doubles. */
    public static void put(int[] set, double[] out, int at) {
        for (int w = 0; w < WORDS; w++) {
            out[at + w] = set == null ? 0 : Integer.toUnsignedLong(set[w]);
        }
    }

    /** @return the set written by {@link #put} at {@code at} */
    public static int[] get(double[] in, int at) {
        int[] set = new int[WORDS];
        for (int w = 0; w < WORDS; w++) {
            set[w] = (int) (long) in[at + w];
        }
        return set;
    }

    /** @return whether the set written by {@link #put} at {@code at} holds bin {@code b} */
    public static boolean containsAt(double[] in, int at, int b) {
        return ((int) (long) in[at + (b >>> 5)] >>> (b & 31) & 1) != 0;
    }
}
