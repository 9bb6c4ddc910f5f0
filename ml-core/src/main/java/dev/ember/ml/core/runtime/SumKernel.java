package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * An aggregate whose result is the element-wise sum of the partitions' double arrays: the base of the kernels
 * that gather per-cluster or per-node sums. The empty array is the neutral element ({@link #zero}), so a
 * partition with nothing to add returns it and the first non-empty array fixes the length; arrays of two other
 * lengths are an error naming the kernel.
 */
public abstract class SumKernel implements AggregateKernel<double[]> {
    private final String what;

    /** @param what what is summed, for error messages ("k-means sums") */
    protected SumKernel(String what) {
        this.what = what;
    }

    @Override
    public double[] zero(KernelParams params) {
        return new double[0];
    }

    @Override
    public double[] combOp(double[] left, double[] right) {
        if (left.length == 0) {
            return right;
        }
        if (right.length == 0) {
            return left;
        }
        if (left.length != right.length) {
            throw new InvalidArgumentException(what + ": found length " + right.length + ", expected "
                + left.length);
        }
        for (int i = 0; i < left.length; i++) {
            left[i] += right[i];
        }
        return left;
    }

    @Override
    public ValueCodec<double[]> codec() {
        return ValueCodecs.DOUBLE_ARRAY;
    }
}
