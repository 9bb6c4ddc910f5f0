package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnTest {

    @Test
    void shouldStoreEveryTypeOffHeapWithNulls() {
        ColumnBuilder ts = new ColumnBuilder(Field.of("t", DataType.TIMESTAMP), 2);
        ts.appendLong(1_700_000_000_000_000L);
        ts.appendNull();
        Column t = ts.build();
        assertTrue(t.array() != null && t.rawBytes().isDirect());
        assertEquals(1_700_000_000_000_000L, t.getLong(0));
        assertTrue(t.isNull(1));
        assertTrue(Double.isNaN(t.getDouble(1)));

        Column s = ColumnBuilder.ofStrings("s", "b", null, "a", "b");
        assertEquals(List.of("b", "a"), s.dictionary());
        assertEquals("b", s.getString(3));
        assertNull(s.getString(1));
        assertEquals(1, s.nullCount());

        Column v = ColumnBuilder.ofVectors("v", DataType.FLOAT, new double[][] {{1, 2}, {3, 4}, {5, 6}});
        assertEquals(3 * 2 * 4, v.sizeInBytes());
        assertEquals(6f, v.floats().get(5));
        double[] row = new double[2];
        v.getVector(1, row);
        assertEquals(3.0, row[0]);
        t.release();
        s.release();
        v.release();
    }

    @Test
    void shouldFreeSharedStorageOnlyAfterTheLastView() {
        Column a = ColumnBuilder.ofDoubles("a", 1, 2, 3);
        Column b = a.renamed("b");
        a.release();
        assertEquals(2.0, b.getDouble(1), "storage must outlive the first view");
        assertFalse(b.isReleased());
        b.release();
        assertTrue(b.isReleased());
        assertThrows(InvalidStateException.class, b::share, "sharing a freed column must fail");
    }

    @Test
    void shouldFilterRowsKeepingNullsAndDictionaries() {
        ColumnBuilder nb = new ColumnBuilder(Field.of("n", DataType.DOUBLE), 4);
        nb.appendDouble(1);
        nb.appendNull();
        nb.appendDouble(3);
        nb.appendDouble(4);
        try (Partition p = new Partition(0, List.of(ColumnBuilder.ofDoubles("x", 10, 20, 30, 40),
            ColumnBuilder.ofStrings("s", "a", "b", null, "d"), nb.build()));
             Partition f = p.filter(new boolean[] {false, true, true, false})) {
            assertEquals(2, f.numRows());
            assertEquals(20.0, f.column("x").getDouble(0));
            assertEquals(30.0, f.column("x").getDouble(1));
            assertEquals("b", f.column("s").getString(0));
            assertNull(f.column("s").getString(1));
            assertTrue(f.column("n").isNull(0));
            assertEquals(3.0, f.column("n").getDouble(1));
            assertEquals(p.schema(), f.schema());
        }
    }

    @Test
    void shouldRejectAValueOfTheWrongType() {
        ColumnBuilder b = new ColumnBuilder(Field.of("n", DataType.INT, false), 1);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> b.appendString("x"));
        assertEquals("column 'n' of type int cannot take a string value", e.getMessage());
        e = assertThrows(InvalidArgumentException.class, b::appendNull);
        assertEquals("column 'n' is not nullable", e.getMessage());
        Column d = ColumnBuilder.ofDoubles("d", 1);
        e = assertThrows(InvalidArgumentException.class, () -> d.getString(0));
        assertEquals("column 'd': found double, expected string", e.getMessage());
        d.release();
    }

    @Test
    void shouldNameMissingAndMistypedColumnsInTheSchema() {
        Schema s = Schema.of(Field.of("a", DataType.DOUBLE), Field.of("b", DataType.STRING));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> s.field("c"));
        assertEquals("column 'c' not found; the columns are [a, b]", e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> s.require("b", DataType.DOUBLE, DataType.FLOAT));
        assertEquals("column 'b': found string?, expected double or float", e.getMessage());
        assertEquals(s, Schema.fromJson(s.toJson()));
    }

    @Test
    void shouldBuildOffHeapFromPlainValuesInPlaceAndMoveToTheHeapForAnyOtherAppend() {
        java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 5; i++) {
            plain.putDouble(i * 8, i + 0.5);
        }
        ColumnBuilder inPlace = ColumnBuilder.offHeap(Field.of("x", DataType.DOUBLE, false), 5);
        inPlace.appendPlain(plain.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).position(0), 2);
        java.nio.ByteBuffer rest = plain.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).position(16);
        inPlace.appendPlain(rest, 3);
        assertEquals(40, rest.position(), "the source position moves past the values");
        Column x = inPlace.build();
        assertEquals(5, x.length());
        assertEquals(4.5, x.getDouble(4));
        x.release();

        ColumnBuilder mixed = ColumnBuilder.offHeap(Field.of("y", DataType.DOUBLE, true), 4);
        mixed.appendPlain(plain.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).position(0), 2);
        mixed.appendNull();
        mixed.appendDouble(7);
        Column y = mixed.build();
        assertEquals(1.5, y.getDouble(1));
        assertTrue(y.isNull(2));
        assertEquals(7, y.getDouble(3));
        y.release();

        ColumnBuilder shorter = ColumnBuilder.offHeap(Field.of("z", DataType.DOUBLE, false), 4);
        shorter.appendPlain(plain.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).position(0), 3);
        Column z = shorter.build();
        assertEquals(3, z.length(), "a column of the rows appended");
        assertEquals(2.5, z.getDouble(2));
        z.release();

        ColumnBuilder abandoned = ColumnBuilder.offHeap(Field.of("w", DataType.INT, false), 3);
        abandoned.discard();
        assertThrows(InvalidStateException.class, abandoned::build, "a discarded builder builds nothing");
    }
}
