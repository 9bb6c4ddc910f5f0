package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The boosted trees finished so far, in bin space, as the executors' partition states read them to bring their
 * margins up to date: per tree one flat array of nodes {@code [feature, bin, missingLeft, left, right, value]}
 * and a categorical split's left categories ({@link BinSet}, its bin is -1); a leaf has {@code left = -1}, its value is
 * already scaled by the step size.
 */
public final class EnsembleTable {
    /** Where a node's left bins start. */
    static final int SET = 6;
    /** Doubles per node. */
    static final int WIDTH = SET + BinSet.WORDS;

    private final List<double[]> trees;

    EnsembleTable(List<double[]> trees) {
        this.trees = List.copyOf(trees);
    }

    /** @return the number of trees */
    public int size() {
        return trees.size();
    }

    /** @return tree {@code t}'s nodes (not a copy: callers only read it) */
    double[] tree(int t) {
        return trees.get(t);
    }

    /** @return a table with one more tree */
    EnsembleTable with(double[] tree) {
        List<double[]> l = new ArrayList<>(trees);
        l.add(tree);
        return new EnsembleTable(l);
    }

    /** Adds tree {@code t}'s output for every row to {@code margin}. */
    void addTree(int t, ByteBuffer bins, int stride, int[] missingBin, double[] margin, int n) {
        double[] nodes = trees.get(t);
        for (int r = 0; r < n; r++) {
            int node = 0;
            int rb = r * stride;
            while (nodes[node * WIDTH + 3] >= 0) {
                int o = node * WIDTH;
                int f = (int) nodes[o];
                int b = bins.get(rb + f) & 0xFF;
                double bin = nodes[o + 1];
                boolean left = b == missingBin[f] ? nodes[o + 2] != 0
                    : bin < 0 ? BinSet.containsAt(nodes, o + SET, b) : b <= bin;
                node = (int) (left ? nodes[o + 3] : nodes[o + 4]);
            }
            margin[r] += nodes[node * WIDTH + 5];
        }
    }

    /** The codec, registered for broadcasts by {@link HistKernels}. */
    static final ValueCodec<EnsembleTable> CODEC = new Codec();

    /** The codec: tree count, then each tree's array. */
    static final class Codec implements ValueCodec<EnsembleTable> {
        @Override
        public int encodedLength(EnsembleTable value) {
            int n = 4;
            for (double[] t : value.trees) {
                n += ValueCodecs.DOUBLE_ARRAY.encodedLength(t);
            }
            return n;
        }

        @Override
        public void encode(EnsembleTable value, ByteBuffer out) {
            out.putInt(value.trees.size());
            for (double[] t : value.trees) {
                ValueCodecs.DOUBLE_ARRAY.encode(t, out);
            }
        }

        @Override
        public EnsembleTable decode(ByteBuffer in) {
            int n = ValueCodecs.checkedLength(in, 4);
            List<double[]> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(ValueCodecs.DOUBLE_ARRAY.decode(in));
            }
            return new EnsembleTable(l);
        }
    }
}
