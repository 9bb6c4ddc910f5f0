package dev.ember.ml.algo.tree.hist;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The histogram kernels' unchecked access: on in the tests' JVM (so they exercise it), off when asked. */
class UncheckedDoublesTest {
    @Test
    void shouldBeAvailableWithTheJdkInternalMiscExportAndOffWhenDisabled() {
        assertTrue(UncheckedDoubles.AVAILABLE, "the test JVM passes --add-exports java.base/jdk.internal.misc");
        assertTrue(UncheckedDoubles.enabled());
        System.setProperty("ember.unsafe.disable", "true");
        try {
            assertFalse(UncheckedDoubles.enabled());
        } finally {
            System.clearProperty("ember.unsafe.disable");
        }
    }
}
