package dev.ember.ml.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's files from any module's tests: the real datasets (one copy, in ml-core's test resources,
 * with their provenance note) and the project-local Python environment.
 */
public final class TestData {
    private TestData() {
    }

    /** @return the repository root (the directory holding the root {@code pom.xml} and {@code ml-core}) */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("ml-core")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the Ember repository root above " + Path.of("")
                .toAbsolutePath());
        }
        return p;
    }

    /**
     * @param name a dataset file name, such as {@code breast_cancer.csv}
     * @return its path
     */
    public static Path dataset(String name) {
        Path p = repoRoot().resolve("ml-core/src/test/resources/data").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("dataset " + name + " not found at " + p);
        }
        return p;
    }

    /** @return the project venv's python ({@code scripts/python-env.sh} creates it) */
    public static Path python() {
        return repoRoot().resolve(".venv/bin/python");
    }
}
