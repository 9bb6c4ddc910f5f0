package dev.ember.ml.distribution;

import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn package} makes for the command line, {@code ember-VERSION.tar.gz} and its unpacked tree, and
 * how {@code scripts/ember} uses it: a runtime classpath without test jars, a launcher that starts without Maven
 * and prints no JVM warning, and a rebuild only when sources are newer than the last build.
 */
@IntegrationTest
class DistributionTest {
    private static final List<String> TEST_JARS = List.of("junit-", "opentest4j", "jqwik", "apiguardian",
        "ml-testkit", "-tests.jar");

    private static Path unpacked() {
        return Path.of(System.getProperty("ember.distribution"));
    }

    @Test
    void shouldPackBinEmberAndARuntimeClasspathWithoutTestJarsIntoTheTarball() throws Exception {
        String version = EmberBuild.version();
        Path tarball = Path.of(System.getProperty("ember.tarball"));
        assertTrue(Files.isRegularFile(tarball), tarball + " (mvn package makes it)");
        ProcessResult r = ProcessResult.run(List.of("tar", "-tzvf", tarball.toString()), tarball.getParent(),
            Map.of(), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.both());
        List<String> entries = r.stdout().lines().toList();
        String top = "ember-" + version + "/";
        assertTrue(entries.stream().allMatch(l -> l.contains(" " + top) || l.endsWith(" " + top.substring(0,
            top.length() - 1))), "one top directory " + top);
        assertTrue(entries.stream().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(top + "bin/ember")),
            "executable bin/ember:\n" + r.stdout());
        for (String jar : new String[] {"cli-" + version + ".jar", "ml-core-" + version + ".jar",
            "nd4j-native-1.0.0-M2.1-linux-x86_64.jar", "logback-classic-"}) {
            assertTrue(entries.stream().anyMatch(l -> l.contains(top + "lib/" + jar)), jar);
        }
        // one SLF4J binding (the CLI's logback): a second one makes SLF4J warn at every start
        assertFalse(entries.stream().anyMatch(l -> l.contains(top + "lib/slf4j-simple-")), "slf4j-simple in lib/");
        assertTrue(entries.stream().anyMatch(l -> l.endsWith(top + "docs/GettingStarted.md")));
        for (String testJar : TEST_JARS) {
            assertFalse(entries.stream().anyMatch(l -> l.contains("/lib/") && l.contains(testJar)),
                "a test jar on the runtime classpath: " + testJar);
        }
    }

    @Test
    void shouldStartTheCommandWithoutMavenAndWithoutTheIncubatorWarning() throws Exception {
        Path ember = unpacked().resolve("bin/ember");
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", null);
        env.put("EMBER_JAVA_OPTS", null);
        ProcessResult version = ProcessResult.run(List.of(ember.toString(), "--version"), unpacked(), env,
            Duration.ofMinutes(1));
        System.out.printf("bin/ember --version: %.2f s%n", version.seconds());
        assertEquals(0, version.exitCode(), version.both());
        assertEquals("ember " + EmberBuild.version(), version.stdout().strip().split(" \\(")[0]);
        assertEquals("", version.stderr(), "nothing on standard error (the JVM's incubator warning is dropped)");

        // the JVM's notes before the warning pass (JAVA_TOOL_OPTIONS, as containers often set it)
        env.put("JAVA_TOOL_OPTIONS", "-Dember.test=1");
        ProcessResult noted = ProcessResult.run(List.of(ember.toString(), "--version"), unpacked(), env,
            Duration.ofMinutes(1));
        assertEquals(0, noted.exitCode(), noted.both());
        assertEquals("Picked up JAVA_TOOL_OPTIONS: -Dember.test=1\n", noted.stderr());

        // the launcher drops that one line only: a real error still reaches standard error
        ProcessResult bad = ProcessResult.run(List.of(ember.toString(), "no-such-command"), unpacked(),
            Map.of(), Duration.ofMinutes(1));
        assertEquals(2, bad.exitCode(), bad.both());
        assertTrue(bad.stderr().contains("no-such-command"), bad.both());
        assertFalse(bad.stderr().contains("WARNING: Using incubator modules"), bad.both());
    }

    @Test
    void shouldRunWithoutTheVectorApiWhenAskedAndThenNeedNoFilter() throws Exception {
        ProcessResult r = ProcessResult.run(List.of(unpacked().resolve("bin/ember").toString(), "--version"),
            unpacked(), Map.of("EMBER_VECTOR", "0"), Duration.ofMinutes(1));
        assertEquals(0, r.exitCode(), r.both());
        assertEquals("", r.stderr());
        assertTrue(Files.isRegularFile(unpacked().resolve("lib/examples-" + EmberBuild.version() + ".jar")),
            "the demo's classes beside the command's (EMBER_MAIN_CLASS)");
    }

    @Test
    void shouldKeepMavensEscapeCodesOutOfTheScriptsOutput() throws Exception {
        // Debian's Maven 3.8.7 ends each run with ESC[0m even in batch mode (-B); .mvn/jvm.config turns that off
        String mavenHome = System.getProperty("maven.home");
        String mvn = mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
        ProcessResult r = ProcessResult.run(List.of(mvn, "-B", "-q", "-o", "-N", "validate"), EmberBuild.ROOT,
            new HashMap<>(Map.of("MAVEN_OPTS", "")), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.both());
        assertFalse((r.stdout() + r.stderr()).contains("\u001b"), "escape codes: " + r.both());
    }

    @Test
    void shouldRebuildThroughMavenOnlyWhenASourceIsNewerThanTheLastBuild(@TempDir Path tmp) throws Exception {
        Path root = EmberBuild.ROOT;
        Path stamp = root.resolve("distribution/target/.sources-built");
        // a stand-in for Maven that says what it was asked: the test checks the decision, not a second build
        Path fakeBin = Files.createDirectories(tmp.resolve("bin"));
        Path calls = tmp.resolve("mvn-calls");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", fakeBin + java.io.File.pathSeparator + System.getenv("PATH"));
        env.put("EMBER_REBUILD", null);
        env.put("EMBER_DIST", null);

        Files.writeString(stamp, "");
        ProcessResult fresh = ProcessResult.run(List.of(root.resolve("scripts/ember").toString(), "--version"), root,
            env, Duration.ofMinutes(1));
        System.out.printf("scripts/ember --version on a fresh build: %.2f s%n", fresh.seconds());
        assertEquals(0, fresh.exitCode(), fresh.both());
        assertFalse(Files.exists(calls), "Maven ran although nothing changed");
        assertTrue(fresh.stdout().startsWith("ember " + EmberBuild.version()), fresh.both());
        assertFalse((fresh.stdout() + fresh.stderr()).contains("\u001b["), "escape codes: " + fresh.both());

        Files.setLastModifiedTime(stamp, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        ProcessResult stale = ProcessResult.run(List.of(root.resolve("scripts/ember").toString(), "--version"), root,
            env, Duration.ofMinutes(1));
        assertEquals(0, stale.exitCode(), stale.both());
        String call = Files.readString(calls).strip();
        assertTrue(call.contains("-B") && call.contains("package -pl distribution -am")
            && !call.contains("install"), "Maven called as: " + call);
        assertTrue(Files.getLastModifiedTime(stamp).toInstant().isAfter(Instant.parse("2020-01-01T00:00:00Z")),
            "the build is recorded");
    }
}
