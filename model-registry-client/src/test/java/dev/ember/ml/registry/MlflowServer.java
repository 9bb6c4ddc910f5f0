package dev.ember.ml.registry;

import dev.ember.ml.testkit.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MLflow tracking server for tests: {@code mlflow server} from the project's virtual environment
 * ({@code scripts/python-env.sh}), on a free loopback port, with a SQLite backend and served artifacts in a
 * directory of its own (or over a file store). {@link #stop()} ends it with its whole process tree;
 * {@link #start()} starts it again on the same port over the same data, as a server restarted after an outage.
 */
public final class MlflowServer implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 180_000;
    private final Path dir;
    private final int port;
    private final String backend;
    private final Map<String, String> env;
    private Process process;

    private MlflowServer(Path dir, int port, String backend, Map<String, String> env) {
        this.dir = dir;
        this.port = port;
        this.backend = backend;
        this.env = env;
    }

    /**
     * Starts a server with a SQLite backend and served artifacts under {@code dir}.
     *
     * @param dir a directory for its database, artifacts and log
     * @return the running server
     */
    public static MlflowServer startSqlite(Path dir) {
        MlflowServer s = new MlflowServer(dir, freePort(), "sqlite:///" + dir.toAbsolutePath().resolve("mlflow.db"),
            Map.of());
        s.start();
        return s;
    }

    /**
     * Starts a server over an MLflow file store (as {@code mlflow server --backend-store-uri ./mlruns}).
     *
     * @param dir a directory for its log
     * @param mlruns the file store
     * @return the running server
     */
    public static MlflowServer startOverFileStore(Path dir, Path mlruns) {
        MlflowServer s = new MlflowServer(dir, freePort(), mlruns.toAbsolutePath().toString(),
            Map.of("MLFLOW_ALLOW_FILE_STORE", "true"));
        s.start();
        return s;
    }

    /** @return the tracking URI, {@code http://127.0.0.1:PORT} */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return the server's directory */
    public Path dir() {
        return dir;
    }

    /** @return whether the process is alive */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) and waits until it answers {@code /health}. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path python = TestData.python();
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no Python environment at " + python + "; run scripts/python-env.sh");
        }
        try {
            Files.createDirectories(dir.resolve("artifacts"));
            List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "mlflow", "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--backend-store-uri", backend,
                "--workers", "1"));
            if (backend.startsWith("sqlite:")) {
                cmd.addAll(List.of("--serve-artifacts", "--artifacts-destination",
                    dir.toAbsolutePath().resolve("artifacts").toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
            pb.environment().putAll(env);
            pb.environment().remove("MLFLOW_TRACKING_URI");
            PythonMlflow.quiet(pb.environment());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mlflow server in " + dir, e);
        }
        waitHealthy();
    }

    private void waitHealthy() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + "; see "
                    + dir.resolve("server.log") + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    // the first API request initialises the stores; make it here, not in a test's timing
                    URI search = URI.create(uri() + "/api/2.0/mlflow/experiments/search?max_results=1");
                    http.send(HttpRequest.newBuilder(search)
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                    return;
                }
            } catch (IOException notYet) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mlflow server", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mlflow server", e);
            }
        }
        stop();
        throw new IllegalStateException("mlflow server did not answer within " + START_TIMEOUT_MILLIS + " ms:\n"
            + tail());
    }

    /**
     * Freezes the server and its processes (SIGSTOP): it accepts connections but answers nothing, as a hung
     * server does.
     */
    public synchronized void freeze() {
        signal("-STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public synchronized void thaw() {
        signal("-CONT");
    }

    private void signal(String sig) {
        if (process == null) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("kill", sig, Long.toString(process.pid())));
        process.descendants().forEach(h -> cmd.add(Long.toString(h.pid())));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            k.getInputStream().readAllBytes();
            k.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the CPU time (user and system) the server's processes have used so far, in milliseconds, from
     *     {@code /proc} (Linux); 0 if unknown
     */
    public synchronized long cpuMillis() {
        if (process == null) {
            return 0;
        }
        long ticks = 0;
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(h -> pids.add(h.pid()));
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException gone) {
                // exited, or not Linux
            }
        }
        return ticks * 10;
    }

    /**
     * Waits until the server's processes are idle (under 30 ms of CPU a second): after start-up and its first
     * requests a server initialises for several seconds, which would be measured as the cost of whatever runs then.
     *
     * @param maxMillis how long to wait at most
     */
    public void awaitIdle(long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        long last = cpuMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = cpuMillis();
            if (now - last < 30) {
                return;
            }
            last = now;
        }
    }

    /** @return the last lines of the server's log */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * Stops the server and every process it started, at once (SIGKILL, as a crash: a graceful stop waits for
     * clients' keep-alive connections), and waits until the port is free.
     */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        process = p;
        signal("-CONT");
        process = null;
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(15, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // gone or going; the port check below waits for it
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (s.isBound()) {
                    return;
                }
            } catch (IOException busy) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return a free loopback port */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
