package dev.ember.ml.core.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteSizesTest {
    @Test
    void shouldPrintSmallCountsExactly() {
        assertEquals("0 B", ByteSizes.format(0));
        assertEquals("1023 B", ByteSizes.format(1023));
        assertEquals("-5 B", ByteSizes.format(-5));
    }

    @Test
    void shouldPrintLargerCountsInBinaryUnitsWithOneDecimal() {
        assertEquals("1.0 KiB", ByteSizes.format(1024));
        assertEquals("135.6 KiB", ByteSizes.format(138_836));
        assertEquals("1.5 MiB", ByteSizes.format(3L << 19));
        assertEquals("11.8 GiB", ByteSizes.format(12_638_035_968L));
        assertEquals("8.0 EiB", ByteSizes.format(Long.MAX_VALUE));
        assertEquals("-2.0 GiB", ByteSizes.format(-(2L << 30)));
    }

    @Test
    void shouldMoveToTheNextUnitRatherThanPrint1024() {
        assertEquals("1.0 MiB", ByteSizes.format(1024L * 1024 - 1));
        assertEquals("1023.9 KiB", ByteSizes.format(1_048_473));
    }

    @Test
    void shouldReadBackWhatRuntimeConfigParsesForWholeUnits() {
        assertEquals("8.0 GiB", ByteSizes.format(RuntimeConfig.parseBytes("test", "8g")));
        assertEquals("64.0 MiB", ByteSizes.format(RuntimeConfig.parseBytes("test", "64m")));
    }
}
