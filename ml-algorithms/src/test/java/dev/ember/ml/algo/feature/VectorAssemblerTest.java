package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VectorAssembler's two paths: scalar columns without nulls (filled in row tiles) and the general one (vectors,
 * nullable columns), with a row count that is not a multiple of the tile, float and double output, and the error
 * that names the column and row of a NaN.
 */
class VectorAssemblerTest {
    private static final long SEED = 7L;
    private static final int ROWS = 1300;

    private static Frame frame(Runtime rt, double nanAt) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        ColumnBuilder a = new ColumnBuilder(Field.of("a", DataType.DOUBLE, false), ROWS);
        ColumnBuilder b = new ColumnBuilder(Field.of("b", DataType.FLOAT, false), ROWS);
        ColumnBuilder c = new ColumnBuilder(Field.of("c", DataType.DOUBLE, false), ROWS);
        for (int r = 0; r < ROWS; r++) {
            a.appendDouble(r == nanAt ? Double.NaN : rnd.nextGaussian() * 1e3);
            b.appendFloat((float) rnd.nextGaussian());
            c.appendDouble(r + 0.125);
        }
        return Frame.ofColumns(rt, a.build(), b.build(), c.build());
    }

    @ParameterizedTest(name = "elementType {0}")
    @ValueSource(strings = {"float", "double"})
    void shouldPlaceEveryColumnAtItsOffsetInEveryRowWhenAssemblingScalars(String elementType) {
        System.out.println("seed " + SEED);
        try (Runtime rt = Runtime.inProcess()) {
            Frame in = frame(rt, -1);
            Frame out = new VectorAssembler().inputCols("a", "b", "c").outputCol("v")
                .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(in);
            double[] a = in.collectDoubles("a");
            double[] b = in.collectDoubles("b");
            double[] c = in.collectDoubles("c");
            double[][] v = out.collectVectors("v");
            assertEquals(ROWS, v.length);
            boolean isFloat = elementType.equals("float");
            for (int r = 0; r < ROWS; r++) {
                assertEquals(isFloat ? (float) a[r] : a[r], v[r][0], 0.0, "row " + r + " a");
                assertEquals(b[r], v[r][1], 0.0, "row " + r + " b");
                assertEquals(isFloat ? (float) c[r] : c[r], v[r][2], 0.0, "row " + r + " c");
            }
        }
    }

    @Test
    void shouldTakeTheGeneralPathAndGiveTheSameRowsWhenAnInputIsAVector() {
        try (Runtime rt = Runtime.inProcess()) {
            Frame in = frame(rt, -1);
            Frame pair = new VectorAssembler().inputCols("a", "b").outputCol("ab")
                .with(VectorAssembler.ELEMENT_TYPE, "double").transform(in);
            double[][] nested = new VectorAssembler().inputCols("ab", "c").outputCol("v")
                .with(VectorAssembler.ELEMENT_TYPE, "double").transform(pair).collectVectors("v");
            double[][] flat = new VectorAssembler().inputCols("a", "b", "c").outputCol("v")
                .with(VectorAssembler.ELEMENT_TYPE, "double").transform(in).collectVectors("v");
            for (int r = 0; r < ROWS; r++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(flat[r][j], nested[r][j], 0.0, "row " + r + " element " + j);
                }
            }
        }
    }

    @Test
    void shouldNameTheColumnAndRowWhenAScalarIsNaN() {
        try (Runtime rt = Runtime.inProcess()) {
            Frame in = frame(rt, 700);
            Frame out = new VectorAssembler().inputCols("b", "a", "c").outputCol("v").transform(in);
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> out.collectVectors("v"));
            String m = rootMessage(e);
            assertTrue(m.contains("column 'a', partition 0, row 700: found null or NaN"), m);
            double[][] kept = new VectorAssembler().inputCols("b", "a", "c").outputCol("v")
                .with(VectorAssembler.HANDLE_INVALID, "keep").transform(in).collectVectors("v");
            assertTrue(Double.isNaN(kept[700][1]), "handleInvalid=keep passes NaN on");
        }
    }

    private static String rootMessage(Throwable t) {
        String m = t.getMessage();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("VectorAssembler")) {
                m = c.getMessage();
            }
        }
        return m;
    }
}
