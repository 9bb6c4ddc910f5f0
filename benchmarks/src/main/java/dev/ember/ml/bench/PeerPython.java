package dev.ember.ml.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks' Python peers live: the repository's root (found from the working directory) and the
 * interpreters of the venvs that the project's scripts make.
 */
public final class PeerPython {
    private PeerPython() {
    }

    /** @return the repository root: the first directory at or above the working directory with benchmarks/run.sh */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("benchmarks/run.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find benchmarks/run.sh at or above " + Path.of("")
                .toAbsolutePath());
        }
        return p;
    }

    /**
     * @param venv the venv's directory under the root (".venv-bench-sweep")
     * @param makeWith the script that makes it, for the error message
     * @return its python
     * @throws IllegalStateException if the venv is missing, naming the script that makes it
     */
    public static Path venv(String venv, String makeWith) {
        Path python = repoRoot().resolve(venv).resolve("bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no venv at " + python + ": run " + makeWith + " first");
        }
        return python;
    }
}
