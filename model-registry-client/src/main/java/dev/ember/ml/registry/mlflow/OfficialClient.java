package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.registry.RegistryException;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * MLflow's official Java client ({@code org.mlflow:mlflow-client}), for what it does: experiments, runs, params,
 * metrics, tags and {@code log-batch}. That client sets no timeouts, so every call runs on a worker thread and is
 * abandoned (its connections closed) after the request timeout; its errors become {@link RegistryException}s
 * naming the server, the call and the server's message.
 */
final class OfficialClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String uri;
    private final Settings settings;
    private MlflowClient client;
    private ExecutorService worker;

    OfficialClient(String uri, Settings settings) {
        this.uri = RestClient.stripTrailingSlash(uri);
        this.settings = settings;
    }

    /**
     * Finds an active experiment by name with {@code experiments/search} (the client's get-by-name retries its
     * 404 as if it were a failure).
     */
    Optional<String> experimentIdByName(String name) {
        String filter = "name = '" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return call("GET experiments/search " + filter, c -> c.searchExperiments(filter).getItems().stream()
            .filter(e -> e.getName().equals(name)).map(Service.Experiment::getExperimentId).findFirst());
    }

    String createExperiment(String name) {
        return call("POST experiments/create " + name, c -> c.createExperiment(name));
    }

    Service.RunInfo createRun(String experimentId, String runName, long startTime, String user,
                              Map<String, String> tags) {
        Service.CreateRun.Builder b = Service.CreateRun.newBuilder().setExperimentId(experimentId)
            .setRunName(runName).setStartTime(startTime).setUserId(user == null ? "" : user);
        tags.forEach((k, v) -> b.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        return call("POST runs/create (experiment " + experimentId + ")", c -> c.createRun(b.build()));
    }

    Service.Run getRun(String runId) {
        return call("GET runs/get " + runId, c -> c.getRun(runId));
    }

    void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Service.Metric> ms = new ArrayList<>(metrics.size());
        for (MetricPoint m : metrics) {
            ms.add(Service.Metric.newBuilder().setKey(m.key()).setValue(m.value()).setTimestamp(m.timestampMillis())
                .setStep(m.step()).build());
        }
        List<Service.Param> ps = new ArrayList<>(params.size());
        params.forEach((k, v) -> ps.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
        List<Service.RunTag> ts = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> ts.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        call("POST runs/log-batch " + runId, c -> {
            c.logBatch(runId, ms, ps, ts);
            return null;
        });
    }

    void setTerminated(String runId, RunStatus status, long endTime) {
        Service.RunStatus s = switch (status) {
            case RUNNING -> Service.RunStatus.RUNNING;
            case FINISHED -> Service.RunStatus.FINISHED;
            case FAILED -> Service.RunStatus.FAILED;
            case KILLED -> Service.RunStatus.KILLED;
        };
        call("POST runs/update " + runId, c -> {
            c.setTerminated(runId, s, endTime);
            return null;
        });
    }

    private <T> T call(String what, Function<MlflowClient, T> f) {
        MlflowClient c;
        ExecutorService w;
        synchronized (this) {
            if (worker == null) {
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ember-mlflow-client");
                    t.setDaemon(true);
                    return t;
                });
            }
            if (client == null) {
                boolean basic = settings.hasBasicAuth();
                client = new MlflowClient(new BasicMlflowHostCreds(uri, basic ? settings.username() : null,
                    basic ? settings.password() : null, basic ? null : settings.token(), settings.insecureTls()));
            }
            c = client;
            w = worker;
        }
        Future<T> fut;
        try {
            fut = w.submit(() -> f.apply(c));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new RegistryException("MLflow client for " + uri + " was closed (" + what + ")", 0, null, e);
        }
        try {
            return fut.get(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fut.cancel(true);
            reset();
            throw new RegistryException("cannot reach MLflow server " + uri + " (" + what + "): no answer within "
                + settings.requestTimeoutMillis() + " ms", 0, null, e);
        } catch (InterruptedException e) {
            fut.cancel(true);
            reset();
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while calling MLflow server " + uri + " (" + what + ")", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new RegistryException("MLflow client call to " + uri + " was abandoned (" + what + ")", 0, null, e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    private RegistryException translate(String what, Throwable e) {
        if (e instanceof MlflowHttpException h) {
            String message = h.getBodyMessage() == null ? "" : h.getBodyMessage().strip();
            String code = null;
            try {
                JsonNode err = JSON.readTree(message);
                if (err != null && err.has("message")) {
                    message = err.path("message").asText();
                    code = err.path("error_code").asText(null);
                }
            } catch (IOException notJson) {
                // keep the raw body
            }
            return new RegistryException("MLflow server " + uri + " answered " + h.getStatusCode()
                + (code == null ? "" : " " + code) + " to " + what + ": " + (message.isEmpty() ? h.getReasonPhrase()
                : message), h.getStatusCode(), code, e);
        }
        if (e instanceof MlflowClientException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new RegistryException("cannot reach MLflow server " + uri + " (" + what + "): " + cause, 0, null,
                e);
        }
        if (e instanceof RegistryException re) {
            return re;
        }
        return new RegistryException("MLflow client call to " + uri + " failed (" + what + "): " + e, 0, null, e);
    }

    /** Drops the client (closing its connections, which ends a call stuck on a socket) and its worker thread. */
    synchronized void reset() {
        if (client != null) {
            MlflowClient c = client;
            client = null;
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing a broken client
            }
        }
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
