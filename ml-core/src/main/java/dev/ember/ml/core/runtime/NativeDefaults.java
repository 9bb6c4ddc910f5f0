package dev.ember.ml.core.runtime;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Defaults that a plain {@code java -cp ...} needs no flags for: set as system properties before ND4J and JavaCPP
 * load their native libraries, and only where the program (or its command line) has not set them already.
 *
 * <ul>
 *   <li>{@value #CACHE_DIR}: where JavaCPP unpacks the native libraries (about 400 MB, once per ND4J version):
 *       {@code $XDG_CACHE_HOME/ember/javacpp}, else {@code ~/.cache/ember/javacpp}; a stable directory, so later
 *       runs load from it instead of unpacking again.</li>
 *   <li>{@value #MAX_BYTES} and {@value #MAX_PHYSICAL_BYTES}: JavaCPP's off-heap limits. Its own default caps
 *       off-heap data at the heap size ({@code -Xmx}, a quarter of the machine by default), which a frame of
 *       more rows than the heap could hold would hit; Ember allows three quarters of the physical memory (at
 *       least the heap) for off-heap columns, above the partition cache's default budget of half, so partitions
 *       in flight fit beside a full cache; and the whole process heap plus off-heap plus 1 GiB, at most the
 *       machine (but never less than heap plus off-heap).</li>
 *   <li>{@value #ND4J_LOG_INITIALIZATION}: off, so ND4J does not print its 13-line banner (backend, cores, BLAS
 *       vendor, build information) on every start.</li>
 *   <li>{@value #SIMPLE_LOGGER_ND4J} and {@value #SIMPLE_LOGGER_JAVACPP}: {@code warn} for ND4J's and
 *       JavaCPP's loggers where the SLF4J binding is {@code slf4j-simple}; other bindings are configured by
 *       their own files.</li>
 * </ul>
 *
 * <p>What cannot be set from code, because the native code or the JVM reads it before any Java runs:
 * {@code OMP_WAIT_POLICY} (an environment variable that the OpenMP runtime reads when it loads; {@code PASSIVE}
 * keeps idle ND4J threads from spinning), and {@code --add-modules jdk.incubator.vector} (the SIMD kernels; the
 * scalar ones run without it). See {@code docs/GettingStarted.md}.
 */
public final class NativeDefaults {
    /** JavaCPP's cache directory property. */
    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    /** JavaCPP's limit of off-heap bytes it allocates. */
    public static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    /** JavaCPP's limit of the whole process's resident memory. */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";
    /** ND4J's switch for its start-up banner. */
    public static final String ND4J_LOG_INITIALIZATION = "org.nd4j.log.initialization";
    /** slf4j-simple's level of ND4J's loggers. */
    public static final String SIMPLE_LOGGER_ND4J = "org.slf4j.simpleLogger.log.org.nd4j";
    /** slf4j-simple's level of JavaCPP's loggers. */
    public static final String SIMPLE_LOGGER_JAVACPP = "org.slf4j.simpleLogger.log.org.bytedeco";

    private static final long GIB = 1L << 30;
    private static volatile boolean applied;

    private NativeDefaults() {
    }

    /**
     * Sets the defaults that are not set yet; called by the classes that first touch ND4J, before they do. Cheap
     * and idempotent.
     */
    public static void apply() {
        if (applied) {
            return;
        }
        synchronized (NativeDefaults.class) {
            if (!applied) {
                Properties system = System.getProperties();
                for (Map.Entry<String, String> e : defaults(System.getenv(), system,
                    java.lang.Runtime.getRuntime().maxMemory(), physicalMemory()).entrySet()) {
                    System.setProperty(e.getKey(), e.getValue());
                }
                applied = true;
            }
        }
    }

    /**
     * The properties to set: the defaults whose keys {@code current} does not hold.
     *
     * @param env the environment ({@code XDG_CACHE_HOME})
     * @param current the system properties now ({@code user.home} and anything set already)
     * @param heapMaxBytes the heap limit ({@code Runtime.maxMemory()})
     * @param physicalBytes the machine's (or container's) memory, 0 if unknown
     * @return property name to value, in a stable order
     */
    public static Map<String, String> defaults(Map<String, String> env, Properties current, long heapMaxBytes,
                                               long physicalBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(CACHE_DIR, cacheDir(env, current.getProperty("user.home")).toString());
        if (physicalBytes > 0) {
            long maxBytes = Math.max(heapMaxBytes, physicalBytes / 4 * 3);
            long maxPhysical = Math.max(maxBytes + heapMaxBytes,
                Math.min(physicalBytes, maxBytes + heapMaxBytes + GIB));
            out.put(MAX_BYTES, Long.toString(maxBytes));
            out.put(MAX_PHYSICAL_BYTES, Long.toString(maxPhysical));
        }
        out.put(ND4J_LOG_INITIALIZATION, "false");
        out.put(SIMPLE_LOGGER_ND4J, "warn");
        out.put(SIMPLE_LOGGER_JAVACPP, "warn");
        out.keySet().removeIf(current::containsKey);
        return out;
    }

    /**
     * @param env the environment
     * @param userHome the user's home directory
     * @return {@code $XDG_CACHE_HOME/ember/javacpp} when that variable names an absolute path (as the XDG base
     *     directory specification asks), else {@code <home>/.cache/ember/javacpp}
     */
    public static Path cacheDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("ember").resolve("javacpp");
    }

    private static long physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // no jdk.management module: keep JavaCPP's own limits
        }
        return 0;
    }
}
