package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidStateException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.ember.ml.registry.RegistryException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * MLflow's REST API over {@link HttpClient}, for what the official Java client lacks: the model registry and the
 * {@code mlflow-artifacts} proxy. Authenticates as MLflow does (basic auth from
 * {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}, else a bearer
 * {@code MLFLOW_TRACKING_TOKEN}); never logs or reports the credentials. Errors are {@link RegistryException}s
 * naming the server, the request and the server's error code and message.
 */
final class RestClient {
    static final String API = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Settings settings;
    private final HttpClient http;

    /** A file or directory in an artifact listing. */
    record FileInfo(String path, boolean isDir, long size) {
    }

    RestClient(String trackingUri, Settings settings) {
        this.base = stripTrailingSlash(trackingUri);
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
            .followRedirects(HttpClient.Redirect.NORMAL);
        if (settings.insecureTls()) {
            b.sslContext(trustAll());
        }
        this.http = b.build();
    }

    /** @return the settings (timeouts, credentials) */
    Settings settings() {
        return settings;
    }

    /** @return the server's base URI, without a trailing slash */
    String base() {
        return base;
    }

    JsonNode get(String endpoint, Map<String, String> query) {
        return json("GET", API + endpoint + query(query), null);
    }

    JsonNode post(String endpoint, Object body) {
        return json("POST", API + endpoint, body);
    }

    JsonNode patch(String endpoint, Object body) {
        return json("PATCH", API + endpoint, body);
    }

    JsonNode delete(String endpoint, Object body) {
        return json("DELETE", API + endpoint, body);
    }

    /**
     * @param path the path under the proxy's root, such as {@code 1/<run>/artifacts/model/MLmodel}
     * @param file the local file
     */
    void upload(String path, Path file) {
        String p = ARTIFACTS + "/" + encodePath(path);
        try {
            HttpRequest req = request(p).PUT(HttpRequest.BodyPublishers.ofFile(file))
                .header("Content-Type", "application/octet-stream").build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            check("PUT", p, resp.statusCode(), resp.body());
        } catch (IOException e) {
            throw unreachable("PUT", p, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("PUT", p, e);
        }
    }

    /**
     * @param path the path of a file under the proxy's root
     * @param dest where to write it
     */
    void download(String path, Path dest) {
        String p = ARTIFACTS + "/" + encodePath(path);
        try {
            HttpResponse<InputStream> resp = http.send(request(p).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() >= 400) {
                    check("GET", p, resp.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                Files.createDirectories(dest.toAbsolutePath().getParent());
                Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unreachable("GET", p, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("GET", p, e);
        }
    }

    /**
     * @param path a directory under the proxy's root
     * @return its entries, with paths relative to that directory
     */
    List<FileInfo> list(String path) {
        JsonNode r = json("GET", ARTIFACTS + query(Map.of("path", path)), null);
        List<FileInfo> out = new ArrayList<>();
        for (JsonNode f : r.path("files")) {
            out.add(new FileInfo(f.path("path").asText(), f.path("is_dir").asBoolean(), f.path("file_size").asLong()));
        }
        return out;
    }

    private JsonNode json(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = request(path);
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            check(method, path, resp.statusCode(), resp.body());
            String text = resp.body();
            return text == null || text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
        } catch (IOException e) {
            throw unreachable(method, path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(method, path, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMillis(settings.requestTimeoutMillis()))
            .header("User-Agent", "ember-mlflow-client");
        String auth = settings.authorization();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b;
    }

    private void check(String method, String path, int status, String body) {
        if (status < 400) {
            return;
        }
        String code = null;
        String message = body == null ? "" : body.strip();
        try {
            JsonNode err = JSON.readTree(body);
            if (err != null && err.has("message")) {
                message = err.path("message").asText();
                code = err.path("error_code").asText(null);
            }
        } catch (IOException notJson) {
            // keep the raw body (an HTML error page, a proxy's text)
        }
        if (message.length() > 2000) {
            message = message.substring(0, 2000) + "...";
        }
        throw new RegistryException("MLflow server " + base + " answered " + status + (code == null ? "" : " " + code)
            + " to " + method + " " + path + ": " + (message.isEmpty() ? "(no message)" : message), status, code,
            null);
    }

    private RegistryException unreachable(String method, String path, Exception e) {
        String why = e instanceof HttpConnectTimeoutException ? "connection timed out"
            : e instanceof HttpTimeoutException ? "no answer within " + settings.requestTimeoutMillis() + " ms"
            : e instanceof ConnectException ? "connection refused" : e.toString();
        return new RegistryException("cannot reach MLflow server " + base + " (" + method + " " + path + "): " + why,
            e);
    }

    static String query(Map<String, String> q) {
        if (q == null || q.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        q.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    static String encodePath(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String seg : path.split("/")) {
            if (!seg.isEmpty()) {
                j.add(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return j.toString();
    }

    static String stripTrailingSlash(String s) {
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new InvalidStateException("cannot set up TLS without verification (MLFLOW_TRACKING_INSECURE_TLS)", e);
        }
    }
}
