package dev.ember.ml.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a finished child process printed and returned.
 *
 * @param exitCode its exit code
 * @param stdout its standard output
 * @param stderr its standard error
 * @param seconds its wall time
 */
record ProcessResult(int exitCode, String stdout, String stderr, double seconds) {

    /**
     * Runs a command to its end.
     *
     * @param command the command and its arguments
     * @param dir the working directory
     * @param env variables to set (a null value removes the variable)
     * @param timeout how long to wait before killing it (then an AssertionError)
     * @return what it printed
     * @throws Exception if it cannot start or the wait is interrupted
     */
    static ProcessResult run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
        throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeout + "; output so far lost");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ProcessResult(p.exitValue(), out.get(), err.get(), seconds);
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return both streams, for failure messages */
    String both() {
        return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
}
