package dev.ember.ml.distribution;

import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Follows {@code docs/GettingStarted.md} as a user would, from an empty directory: writes the page's files, adds
 * the data, runs the page's commands with the Maven that runs this build, offline, against Ember's artifacts as
 * {@code mvn install} would have left them ({@link ScratchRepository}). The program runs as a plain
 * {@code java -classpath}: no JVM options.
 */
@IntegrationTest
class GettingStartedTest {
    private static final Pattern AUC = Pattern.compile("test areaUnderROC (\\d+\\.\\d+) on (\\d+) held-out rows");
    private static final Pattern SAVED = Pattern.compile("saved to (\\S+) and loaded back: 4 stages");

    @Test
    void shouldTrainSaveAndReloadAModelInANewProjectBuiltFromThePageAlone() throws Exception {
        Path root = EmberBuild.ROOT;
        GettingStartedPage page = GettingStartedPage.read(root.resolve("docs/GettingStarted.md"));
        assertEquals(2, page.files().size(), "the page's files: " + page.files().keySet());
        assertEquals(1, page.commands().size(), "the page's commands");

        Path target = root.resolve("distribution/target");
        Path project = target.resolve("getting-started");
        ScratchRepository.deleteRecursively(project);
        for (Map.Entry<String, String> f : page.files().entrySet()) {
            Path file = project.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        Files.copy(root.resolve("examples/data/breast_cancer.csv"), project.resolve("breast_cancer.csv"));

        // what the user's `mvn install` of step 1 would have made, without touching ~/.m2; offline (the build
        // already resolved every plugin and library the page names)
        Path localRepository = Path.of(System.getProperty("maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path repo = ScratchRepository.create(target.resolve("scratch-m2"), localRepository, EmberBuild.version());
        Files.createDirectories(project.resolve(".mvn"));
        Files.writeString(project.resolve(".mvn/maven.config"), "-o -B -Dmaven.repo.local=" + repo + "\n");
        // Debian's Maven 3.8.7 ends every run with ANSI reset codes unless told not to
        Files.writeString(project.resolve(".mvn/jvm.config"), "-Djansi.noreset=true\n");

        Map<String, String> env = new HashMap<>();
        String mavenHome = System.getProperty("maven.home");
        if (mavenHome != null) {
            env.put("PATH", Path.of(mavenHome, "bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        }
        // the code's default native cache, under a cache home this checkout keeps between runs
        Path cacheHome = root.resolve(".cache/xdg");
        env.put("XDG_CACHE_HOME", cacheHome.toString());
        env.put("MAVEN_OPTS", null);
        env.put("JAVA_TOOL_OPTIONS", null);
        env.put("OMP_WAIT_POLICY", null);

        ProcessResult r = ProcessResult.run(List.of("bash", "-euo", "pipefail", "-c", page.commands().get(0)),
            project, env, Duration.ofMinutes(5));
        System.out.printf("getting started: %.1f s (Maven compile + exec:exec)%n%s", r.seconds(), r.both());
        assertEquals(0, r.exitCode(), r.both());

        Matcher auc = AUC.matcher(r.stdout());
        assertTrue(auc.find(), r.both());
        assertTrue(Double.parseDouble(auc.group(1)) > 0.97, "held-out AUC " + auc.group(1));
        assertTrue(Integer.parseInt(auc.group(2)) > 80, "held-out rows " + auc.group(2));
        Matcher saved = SAVED.matcher(r.stdout());
        assertTrue(saved.find(), r.both());
        assertTrue(Files.isRegularFile(project.resolve(saved.group(1)).resolve("metadata.json")));

        // "and nothing else": no banner, no warnings, no escape codes, in either stream
        String all = r.stdout() + r.stderr();
        assertEquals(2, r.stdout().strip().lines().count(), r.both());
        assertTrue(r.stderr().isBlank(), "standard error: " + r.stderr());
        for (String noise : new String[] {"Loaded [CpuBackend]", "Backend build information", "SLF4J",
            "WARNING", "\u001b["}) {
            assertFalse(all.contains(noise), "printed " + noise + ":\n" + r.both());
        }
        Path cache = cacheHome.resolve("ember/javacpp");
        try (Stream<Path> s = Files.list(cache)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("nd4j-native-")),
                "native libraries unpacked into " + cache);
        }
    }
}
