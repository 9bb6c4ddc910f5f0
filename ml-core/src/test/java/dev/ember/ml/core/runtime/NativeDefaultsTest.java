package dev.ember.ml.core.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeDefaultsTest {
    private static final long GIB = 1L << 30;

    private static Properties home(String dir) {
        Properties p = new Properties();
        p.setProperty("user.home", dir);
        return p;
    }

    @Test
    void shouldCacheNativeLibrariesUnderTheXdgCacheDirectoryWhenItIsSet() {
        Map<String, String> d = NativeDefaults.defaults(Map.of("XDG_CACHE_HOME", "/var/cache/alice"),
            home("/home/alice"), 2 * GIB, 8 * GIB);
        assertEquals(Path.of("/var/cache/alice/ember/javacpp").toString(), d.get(NativeDefaults.CACHE_DIR));
    }

    @Test
    void shouldCacheNativeLibrariesUnderTheHomeCacheWhenXdgIsUnsetOrRelative() {
        String expected = Path.of("/home/alice/.cache/ember/javacpp").toString();
        assertEquals(expected, NativeDefaults.defaults(Map.of(), home("/home/alice"), GIB, 4 * GIB)
            .get(NativeDefaults.CACHE_DIR));
        assertEquals(expected, NativeDefaults.defaults(Map.of("XDG_CACHE_HOME", "relative/dir"),
            home("/home/alice"), GIB, 4 * GIB).get(NativeDefaults.CACHE_DIR));
    }

    @Test
    void shouldAllowThreeQuartersOfThePhysicalMemoryOffHeapAndAtMostTheMachineForTheProcess() {
        Map<String, String> d = NativeDefaults.defaults(Map.of(), home("/h"), 4 * GIB, 64 * GIB);
        assertEquals(48 * GIB, Long.parseLong(d.get(NativeDefaults.MAX_BYTES)));
        assertEquals(53 * GIB, Long.parseLong(d.get(NativeDefaults.MAX_PHYSICAL_BYTES)), "heap + off-heap + 1 GiB");
        // above the partition cache's default budget (half the machine): room for partitions in flight
        assertTrue(Long.parseLong(d.get(NativeDefaults.MAX_BYTES)) > 64 * GIB / 2);
        d = NativeDefaults.defaults(Map.of(), home("/h"), 16 * GIB, 64 * GIB);
        assertEquals(64 * GIB, Long.parseLong(d.get(NativeDefaults.MAX_PHYSICAL_BYTES)), "at most the machine");
    }

    @Test
    void shouldNeverAllowLessOffHeapThanTheHeapNorAPhysicalLimitBelowHeapPlusOffHeap() {
        // a heap larger than half the machine (-Xmx6g on 8 GiB): JavaCPP's own default (the heap) is kept
        Map<String, String> d = NativeDefaults.defaults(Map.of(), home("/h"), 6 * GIB, 8 * GIB);
        assertEquals(6 * GIB, Long.parseLong(d.get(NativeDefaults.MAX_BYTES)));
        assertEquals(12 * GIB, Long.parseLong(d.get(NativeDefaults.MAX_PHYSICAL_BYTES)));
    }

    @Test
    void shouldLeaveJavaCppsMemoryLimitsAloneWhenThePhysicalMemoryIsUnknown() {
        Map<String, String> d = NativeDefaults.defaults(Map.of(), home("/h"), GIB, 0);
        assertFalse(d.containsKey(NativeDefaults.MAX_BYTES));
        assertFalse(d.containsKey(NativeDefaults.MAX_PHYSICAL_BYTES));
    }

    @Test
    void shouldSilenceTheNd4jBannerAndItsLoggersByDefault() {
        Map<String, String> d = NativeDefaults.defaults(Map.of(), home("/h"), GIB, 4 * GIB);
        assertEquals("false", d.get(NativeDefaults.ND4J_LOG_INITIALIZATION));
        assertEquals("warn", d.get(NativeDefaults.SIMPLE_LOGGER_ND4J));
        assertEquals("warn", d.get(NativeDefaults.SIMPLE_LOGGER_JAVACPP));
    }

    @Test
    void shouldNeverOverrideWhatTheCommandLineSet() {
        Properties set = home("/h");
        set.setProperty(NativeDefaults.CACHE_DIR, "/opt/cache");
        set.setProperty(NativeDefaults.MAX_BYTES, "12g");
        set.setProperty(NativeDefaults.ND4J_LOG_INITIALIZATION, "true");
        Map<String, String> d = NativeDefaults.defaults(Map.of(), set, GIB, 4 * GIB);
        assertFalse(d.containsKey(NativeDefaults.CACHE_DIR));
        assertFalse(d.containsKey(NativeDefaults.MAX_BYTES));
        assertFalse(d.containsKey(NativeDefaults.ND4J_LOG_INITIALIZATION));
        assertTrue(d.containsKey(NativeDefaults.MAX_PHYSICAL_BYTES));
    }

    @Test
    void shouldHaveAppliedTheDefaultsBeforeNd4jLoadedInThisJvm() {
        // the test JVM sets the cache directory on its command line (root pom): applying keeps it
        String before = System.getProperty(NativeDefaults.CACHE_DIR);
        NativeDefaults.apply();
        assertEquals(before, System.getProperty(NativeDefaults.CACHE_DIR));
        assertEquals("false", System.getProperty(NativeDefaults.ND4J_LOG_INITIALIZATION));
    }
}
