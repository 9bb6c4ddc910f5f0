package dev.ember.ml.testkit;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The property check rejects kernels that break the algebra: it is not a check that cannot fail. */
class AggregateKernelPropertiesTest {
    private static final long SEED = 20_261_205L;

    /** Counts rows, with a zero that is 1 and a merge that subtracts when asked to. */
    private static final class BrokenCount implements AggregateKernel<Long> {
        private final boolean badZero;

        BrokenCount(boolean badZero) {
            this.badZero = badZero;
        }

        @Override
        public Long zero(KernelParams params) {
            return badZero ? 1L : 0L;
        }

        @Override
        public Long seqOp(Long acc, Partition partition, KernelParams params) {
            return acc + partition.numRows();
        }

        @Override
        public Long combOp(Long left, Long right) {
            return badZero ? left + right : left - right;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }

    private static final class Props extends AggregateKernelProperties<Long> {
        private final BrokenCount kernel;

        Props(boolean badZero) {
            kernel = new BrokenCount(badZero);
        }

        @Override
        protected AggregateKernel<Long> kernel() {
            return kernel;
        }

        @Override
        protected KernelParams params() {
            return KernelParams.empty();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(10, CoreKernelsPropertiesTest::rows);
        }

        @Override
        protected boolean equivalent(Long expected, Long actual) {
            return expected.equals(actual);
        }
    }

    @Test
    void shouldFailAZeroThatIsNotAnIdentity() {
        Partition p = CoreKernelsPropertiesTest.rows(5, new SplittableRandom(SEED));
        assertThrows(AssertionFailedError.class, () -> new Props(true).zeroShouldBeAnIdentityOfTheMerge(p));
    }

    @Test
    void shouldFailAMergeThatIsNotAssociative() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Partition p = CoreKernelsPropertiesTest.rows(5, rnd);
        Partition q = CoreKernelsPropertiesTest.rows(3, rnd);
        Partition r = CoreKernelsPropertiesTest.rows(2, rnd);
        assertThrows(AssertionFailedError.class, () -> new Props(false).mergeShouldBeAssociative(p, q, r));
    }
}
