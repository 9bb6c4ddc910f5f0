package dev.ember.ml.distribution;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of Ember's libraries that calls ND4J's factory ({@code Nd4j}) applies {@code NativeDefaults}
 * first, so ND4J never loads before the defaults that let a plain {@code java -cp} run without flags
 * (docs/Architecture.md). The benchmarks, which set their own flags, are not a library.
 */
class NativeDefaultsCoverageTest {
    @Test
    void shouldApplyTheNativeDefaultsInEveryClassThatCallsNd4jsFactory() throws Exception {
        List<Path> callers = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> modules = Files.list(EmberBuild.ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))
                && !m.getFileName().toString().equals("benchmarks")).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String src = Files.readString(f);
                        if (src.contains("org.nd4j.linalg.factory.Nd4j") || src.contains(" Nd4j.")) {
                            callers.add(f);
                            if (!src.contains("NativeDefaults.apply()")) {
                                missing.add(EmberBuild.ROOT.relativize(f).toString());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(callers.size() >= 3, "callers of Nd4j found: " + callers);
        assertEquals(List.of(), missing, "classes that call Nd4j without applying NativeDefaults first");
    }
}
