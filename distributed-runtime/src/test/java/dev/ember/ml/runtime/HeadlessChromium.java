package dev.ember.ml.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; scripts/system-packages.sh installs
 * them), driven through chromedriver's W3C WebDriver HTTP protocol with the JDK's HttpClient: no Selenium.
 * chromedriver listens on loopback only; the browser gets a new empty profile.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HeadlessChromium(Process driver, URI base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /**
     * Starts chromedriver and a headless browser session.
     *
     * @param dir a fresh directory for the profile and the driver's log
     * @return the browser
     */
    static HeadlessChromium start(Path dir) throws Exception {
        String chromium = which("chromium");
        String chromedriver = which("chromedriver");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Process p = new ProcessBuilder(chromedriver, "--port=" + port).redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromedriver.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("chromedriver did not become ready on port " + port + "; its log:\n"
                    + Files.readString(dir.resolve("chromedriver.log")));
            }
            Thread.sleep(100);
        }
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode options = caps.putObject("capabilities").putObject("alwaysMatch").putObject("goog:chromeOptions");
        options.put("binary", chromium);
        var args = options.putArray("args");
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile)) {
            args.add(a);
        }
        JsonNode r = post(client, base.resolve("session"), caps);
        String id = r.path("value").path("sessionId").asText("");
        if (id.isEmpty()) {
            p.destroyForcibly();
            throw new IllegalStateException("chromedriver did not open a session: " + r);
        }
        return new HeadlessChromium(p, base, id);
    }

    private static String which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: run scripts/system-packages.sh (apt-get install"
            + " chromium chromium-driver)");
    }

    private static JsonNode post(HttpClient client, URI uri, JsonNode body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + uri.getPath() + ": HTTP " + r.statusCode() + ": " + json);
        }
        return json;
    }

    /** @param page the address to load */
    void open(URI page) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("url", page.toString());
        post(http, base.resolve("session/" + session + "/url"), body);
    }

    /**
     * @param script a function body run in the page ({@code return ...})
     * @return its value
     */
    JsonNode eval(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return post(http, base.resolve("session/" + session + "/execute/sync"), body).path("value");
    }

    /**
     * Evaluates a script until its value passes a test.
     *
     * @return the value that passed
     * @throws AssertionError with the last value if none passes in time
     */
    JsonNode await(String what, String script, Predicate<JsonNode> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = eval(script);
            if (test.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page did not show " + what + " within " + timeout.toMillis() + " ms; last: "
            + last);
    }

    @Override
    public void close() {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("session/" + session)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // the driver goes anyway
        }
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
