package dev.ember.ml.core.param;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamMapTest {
    static final Param<Integer> MAX_ITER = Param.ofInt("maxIter", "max iterations (>= 0)", 100,
        ParamValidators.gtEq(0));
    static final Param<Double> TOL = Param.ofDouble("tol", "convergence tolerance (>= 0)", 1e-6,
        ParamValidators.gtEq(0));
    static final Param<String> SOLVER = Param.ofString("solver", "the solver", "auto",
        ParamValidators.oneOf("auto", "l-bfgs", "normal"));
    static final Param<String[]> COLS = Param.ofStringArray("inputCols", "input columns", null,
        ParamValidators.nonEmptyDistinct());
    static final Param<double[]> THRESHOLDS = Param.ofDoubleArray("thresholds", "per-class thresholds", null,
        ParamValidators.any());

    @Test
    void shouldRejectAnInvalidValueWithFoundAndExpected() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> ParamMap.of(MAX_ITER, -1));
        assertEquals("param maxIter: found -1, expected >= 0", e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> ParamMap.of(SOLVER, "sgd"));
        assertEquals("param solver: found sgd, expected one of [auto, l-bfgs, normal]", e.getMessage());
    }

    @Test
    void shouldResolveDefaultThenSetThenExtra() {
        ParamMap set = ParamMap.of(MAX_ITER, 10);
        assertEquals(10, set.getOrDefault(MAX_ITER));
        assertEquals(1e-6, set.getOrDefault(TOL));
        ParamMap merged = set.merge(ParamMap.of(MAX_ITER, 20));
        assertEquals(20, merged.getOrDefault(MAX_ITER));
        assertEquals(10, set.getOrDefault(MAX_ITER), "maps are immutable");
    }

    @Test
    void shouldFailForARequiredParamThatIsUnset() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> ParamMap.empty().getOrDefault(COLS));
        assertTrue(e.getMessage().contains("inputCols is required"), e.getMessage());
    }

    @Test
    void shouldCopyArraysInAndOut() {
        String[] cols = {"a", "b"};
        ParamMap m = ParamMap.of(COLS, cols);
        cols[0] = "changed";
        assertArrayEquals(new String[] {"a", "b"}, m.getOrDefault(COLS));
        m.getOrDefault(COLS)[1] = "changed";
        assertArrayEquals(new String[] {"a", "b"}, m.getOrDefault(COLS));
    }

    @Test
    void shouldRoundTripThroughJson() {
        ParamMap m = ParamMap.of(MAX_ITER, 7).with(TOL, 1e-9).with(SOLVER, "normal")
            .with(COLS, new String[] {"x", "y"}).with(THRESHOLDS, new double[] {0.25, Double.POSITIVE_INFINITY, Double.NaN});
        ObjectNode json = m.toJson();
        ParamMap back = ParamMap.fromJson(json, List.of(MAX_ITER, TOL, SOLVER, COLS, THRESHOLDS), "Test");
        assertEquals(m, back);
        assertTrue(Double.isNaN(back.getOrDefault(THRESHOLDS)[2]));
    }

    @Test
    void shouldNameAnUnknownOrMistypedParamInJson() {
        ObjectNode json = ParamMap.of(MAX_ITER, 7).toJson();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> ParamMap.fromJson(json, List.of(TOL), "dev.Foo"));
        assertTrue(e.getMessage().contains("unknown param 'maxIter' for dev.Foo"), e.getMessage());
        json.put("maxIter", "seven");
        e = assertThrows(InvalidArgumentException.class,
            () -> ParamMap.fromJson(json, List.of(MAX_ITER), "dev.Foo"));
        assertEquals("param maxIter: found \"seven\", expected int", e.getMessage());
    }

    @Test
    void shouldCompareArraysByContent() {
        assertEquals(ParamMap.of(COLS, new String[] {"a"}), ParamMap.of(COLS, new String[] {"a"}));
        assertFalse(ParamMap.of(COLS, new String[] {"a"}).equals(ParamMap.of(COLS, new String[] {"b"})));
    }
}
