package dev.ember.ml.core.param;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.data.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyedParamMapTest {

    /** A stage class with its own maxIter constant. */
    static final class Alpha extends StageBase<Alpha> {
        static final Param<Integer> MAX_ITER = SharedParams.maxIter(100);
        static final Param<Double> TOL = SharedParams.tol(1e-6);

        Alpha(String uid, ParamMap params) {
            super(uid, params);
        }

        @Override
        public List<Param<?>> params() {
            return List.of(MAX_ITER, TOL);
        }

        @Override
        protected Alpha withParams(ParamMap params) {
            return new Alpha(uid(), params);
        }

        @Override
        public Schema transformSchema(Schema schema) {
            return schema;
        }
    }

    /** Another stage class declaring a param of the same name, from the same definition. */
    static final class Beta extends StageBase<Beta> {
        static final Param<Integer> MAX_ITER = SharedParams.maxIter(50);

        Beta(String uid, ParamMap params) {
            super(uid, params);
        }

        @Override
        public List<Param<?>> params() {
            return List.of(MAX_ITER);
        }

        @Override
        protected Beta withParams(ParamMap params) {
            return new Beta(uid(), params);
        }

        @Override
        public Schema transformSchema(Schema schema) {
            return schema;
        }
    }

    @Test
    void shouldGiveTwoStagesOfOneClassDifferentValuesWhenKeyedByUid() {
        Alpha a1 = new Alpha("Alpha_1", ParamMap.empty());
        Alpha a2 = new Alpha("Alpha_2", ParamMap.empty()).with(Alpha.MAX_ITER, 9);
        ParamMap extra = ParamMap.empty().put(a1, Alpha.MAX_ITER, 3).put("Alpha_2", Alpha.TOL, 0.5);
        assertEquals(3, extra.get(a1, Alpha.MAX_ITER).orElseThrow());
        assertTrue(extra.get(a2, Alpha.MAX_ITER).isEmpty());
        assertEquals(3, a1.copy(extra).get(Alpha.MAX_ITER));
        assertEquals(1e-6, a1.copy(extra).get(Alpha.TOL));
        assertEquals(9, a2.copy(extra).get(Alpha.MAX_ITER), "the value set on a2 stays");
        assertEquals(0.5, a2.copy(extra).get(Alpha.TOL));
        assertEquals(List.of("Alpha_1", "Alpha_2"), List.copyOf(extra.stageUids()));
    }

    @Test
    void shouldNotLetOneClassesConstantSetAnotherClass() {
        assertNotEquals(Alpha.MAX_ITER, Beta.MAX_ITER, "each class declares its own constant");
        Beta b = new Beta("Beta_1", ParamMap.empty());
        assertEquals(50, b.copy(ParamMap.of(Alpha.MAX_ITER, 7)).get(Beta.MAX_ITER),
            "a stage-local value of Alpha's param does not reach a Beta");
        assertEquals(7, new Alpha("Alpha_1", ParamMap.empty()).copy(ParamMap.of(Alpha.MAX_ITER, 7))
            .get(Alpha.MAX_ITER));
        assertThrows(InvalidArgumentException.class, () -> ParamMap.empty().put(b, Alpha.MAX_ITER, 7),
            "put with a stage checks the param is the stage's own");
    }

    @Test
    void shouldResolveAnEntryForAUidByNameAndValidateItWithTheStagesOwnParam() {
        Beta b = new Beta("Beta_1", ParamMap.empty());
        assertEquals(7, b.copy(ParamMap.empty().put("Beta_1", Alpha.MAX_ITER, 7)).get(Beta.MAX_ITER));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> b.copy(ParamMap.empty().put("Beta_1", Alpha.TOL, 0.1)));
        assertEquals("param map sets 'tol' for stage Beta_1, a Beta with no such param; its params are [maxIter]",
            e.getMessage());
    }

    @Test
    void shouldLetAnEntryForTheUidWinOverAStageLocalEntry() {
        Alpha a = new Alpha("Alpha_1", ParamMap.empty());
        ParamMap extra = ParamMap.of(Alpha.MAX_ITER, 1).put(a, Alpha.MAX_ITER, 2);
        assertEquals(2, a.copy(extra).get(Alpha.MAX_ITER));
        assertEquals(1, new Alpha("Alpha_2", ParamMap.empty()).copy(extra).get(Alpha.MAX_ITER));
    }

    @Test
    void shouldRefuseAStageLocalMapWithEntriesForUids() {
        ParamMap keyed = ParamMap.empty().put("Alpha_9", Alpha.MAX_ITER, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new Alpha("Alpha_1", keyed));
        assertTrue(e.getMessage().contains("found values for stage uids [Alpha_9]"), e.getMessage());
    }

    @Test
    void shouldValidateOnPutAndCompareByKeyAndValue() {
        Alpha a = new Alpha("Alpha_1", ParamMap.empty());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> ParamMap.empty().put(a, Alpha.MAX_ITER, -1));
        assertEquals("param maxIter: found -1, expected >= 0", e.getMessage());
        assertEquals(ParamMap.empty().put(a, Alpha.MAX_ITER, 2), ParamMap.empty().put("Alpha_1", Alpha.MAX_ITER, 2));
        assertNotEquals(ParamMap.empty().put(a, Alpha.MAX_ITER, 2), ParamMap.empty().put(a, Alpha.MAX_ITER, 3));
        assertNotEquals(ParamMap.empty().put(a, Alpha.MAX_ITER, 2), ParamMap.of(Alpha.MAX_ITER, 2));
        ParamMap m = ParamMap.empty().put(a, Alpha.MAX_ITER, 2).put(a, Alpha.TOL, 0.1);
        assertTrue(m.without(a, Alpha.MAX_ITER).get(a, Alpha.MAX_ITER).isEmpty());
        assertEquals(0.1, m.without(a, Alpha.MAX_ITER).get(a, Alpha.TOL).orElseThrow());
        assertFalse(m.isEmpty());
        assertEquals("{\"Alpha_1\":{\"maxIter\":2,\"tol\":0.1}}", m.toJson().toString());
        assertEquals("{Alpha_1.maxIter=2, Alpha_1.tol=0.1}", m.toString());
    }
}
