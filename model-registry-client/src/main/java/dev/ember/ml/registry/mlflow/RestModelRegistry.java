package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.registry.ModelUri;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.RegisteredModel;
import dev.ember.ml.registry.RegistryException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model registry of an MLflow server, over its REST API ({@code registered-models/*},
 * {@code model-versions/*}), which the official Java client does not cover. A version registered from
 * {@code runs:/<id>/<path>} gets the run's artifact location as its source (as MLflow's Python client does), so
 * that any MLflow client can download it.
 */
final class RestModelRegistry extends AbstractRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private final RestClient rest;
    private final TrackingApi client;

    RestModelRegistry(String uri, Settings settings) {
        this.rest = new RestClient(uri, settings);
        this.client = new TrackingApi(rest);
    }

    @Override
    public String trackingUri() {
        return rest.base();
    }

    @Override
    public ModelVersion register(String name, String modelUri, Map<String, String> tags) {
        ModelUri u = ModelUri.parse(modelUri);
        String source;
        String runId = null;
        String modelId = null;
        switch (u.kind()) {
            case RUN -> {
                runId = u.runId();
                String root = runArtifactUri(runId);
                source = root + (u.path().isEmpty() ? "" : "/" + u.path());
                modelId = requireModelAt(root, u.path(), modelUri);
            }
            case LOCATION -> source = modelUri;
            default -> {
                ModelVersion from = version(u);
                source = from.source();
                runId = from.runId();
            }
        }
        try {
            rest.post("registered-models/create", JSON.createObjectNode().put("name", name));
        } catch (RegistryException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw context("cannot create registered model '" + name + "'", e);
            }
        }
        ObjectNode body = JSON.createObjectNode().put("name", name).put("source", source);
        if (runId != null) {
            body.put("run_id", runId);
        }
        if (modelId != null) {
            // as MLflow's Python client registers a logged model: the source models:/<model_id> links the version
            // to the MLflow 3 LoggedModel the run logged (the UI shows one from the other); the server resolves it
            // to the LoggedModel's artifacts, where the same files are
            body.put("source", "models:/" + modelId);
            body.put("model_id", modelId);
        }
        ArrayNode ts = body.putArray("tags");
        tags.forEach((k, v) -> ts.addObject().put("key", k).put("value", v));
        try {
            // with a model_id the server also lists the version in the LoggedModel's mlflow.modelVersions tag
            return toVersion(rest.post("model-versions/create", body).path("model_version"));
        } catch (RegistryException e) {
            throw context("cannot register " + modelUri + " as '" + name + "'", e);
        }
    }

    /** @return the {@code model_id} of the LoggedModel the {@code MLmodel} there names, or null */
    private String requireModelAt(String root, String path, String modelUri) {
        try {
            Artifacts a = Artifacts.at(root, rest);
            java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("ember-mlmodel");
            try {
                a.download(Artifacts.join(path, MlflowModelFormat.MLMODEL), tmp.resolve(MlflowModelFormat.MLMODEL));
                String id = Yaml.read(tmp.resolve(MlflowModelFormat.MLMODEL)).path("model_id").asText("");
                return id.isEmpty() ? null : id;
            } finally {
                Artifacts.deleteTree(tmp);
            }
        } catch (RegistryException e) {
            throw new RegistryException("cannot register " + modelUri + ": no MLflow model there (" + e.getMessage()
                + ")", e.status(), e.errorCode(), e);
        } catch (java.io.IOException e) {
            throw new RegistryException("cannot check " + modelUri + ": " + e, e);
        }
    }

    private String runArtifactUri(String runId) {
        try {
            return client.getRun(runId).artifactUri();
        } catch (RegistryException e) {
            throw context("run " + runId + " not found", e);
        }
    }

    @Override
    String loggedModelLocation(String modelId) {
        try {
            String location = client.getLoggedModel(modelId).artifactLocation();
            if (location == null || location.isEmpty()) {
                throw new RegistryException("logged model " + modelId + " at " + rest.base() + " has no artifact"
                    + " location");
            }
            return location;
        } catch (RegistryException e) {
            throw context("logged model " + modelId, e);
        }
    }

    @Override
    public ModelVersion version(String name, long version) {
        try {
            return toVersion(rest.get("model-versions/get", Map.of("name", name, "version", Long.toString(version)))
                .path("model_version"));
        } catch (RegistryException e) {
            throw context("model version " + name + "/" + version, e);
        }
    }

    @Override
    public ModelVersion versionByAlias(String name, String alias) {
        try {
            return toVersion(rest.get("registered-models/alias", Map.of("name", name, "alias", alias))
                .path("model_version"));
        } catch (RegistryException e) {
            throw context("alias '" + alias + "' of model '" + name + "'", e);
        }
    }

    @Override
    public ModelVersion latestVersion(String name) {
        List<ModelVersion> vs = searchVersions("name = '" + name.replace("'", "\\'") + "'");
        if (vs.isEmpty()) {
            model(name);
            throw new RegistryException("model '" + name + "' at " + trackingUri() + " has no versions", 404,
                "RESOURCE_DOES_NOT_EXIST", null);
        }
        return vs.stream().max(Comparator.comparingLong(ModelVersion::version)).orElseThrow();
    }

    @Override
    public void setAlias(String name, String alias, long version) {
        try {
            rest.post("registered-models/alias", JSON.createObjectNode().put("name", name).put("alias", alias)
                .put("version", Long.toString(version)));
        } catch (RegistryException e) {
            throw context("cannot set alias '" + alias + "' of model '" + name + "' to version " + version, e);
        }
    }

    @Override
    public void deleteAlias(String name, String alias) {
        try {
            rest.delete("registered-models/alias", JSON.createObjectNode().put("name", name).put("alias", alias));
        } catch (RegistryException e) {
            throw context("cannot delete alias '" + alias + "' of model '" + name + "'", e);
        }
    }

    @Override
    public void setVersionTag(String name, long version, String key, String value) {
        try {
            rest.post("model-versions/set-tag", JSON.createObjectNode().put("name", name)
                .put("version", Long.toString(version)).put("key", key).put("value", value));
        } catch (RegistryException e) {
            throw context("cannot tag model version " + name + "/" + version, e);
        }
    }

    @Override
    public void setModelTag(String name, String key, String value) {
        try {
            rest.post("registered-models/set-tag", JSON.createObjectNode().put("name", name).put("key", key)
                .put("value", value));
        } catch (RegistryException e) {
            throw context("cannot tag model '" + name + "'", e);
        }
    }

    @Override
    public List<ModelVersion> searchVersions(String filter) {
        List<ModelVersion> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            if (filter != null && !filter.isBlank()) {
                q.put("filter", filter);
            }
            q.put("max_results", Integer.toString(PAGE));
            if (token != null) {
                q.put("page_token", token);
            }
            JsonNode r;
            try {
                r = rest.get("model-versions/search", q);
            } catch (RegistryException e) {
                throw context("cannot search model versions" + (filter == null ? "" : " with filter '" + filter + "'"),
                    e);
            }
            for (JsonNode v : r.path("model_versions")) {
                out.add(toVersion(v));
            }
            token = r.path("next_page_token").asText("");
        } while (!token.isEmpty());
        out.sort(Comparator.comparing(ModelVersion::name).thenComparing(ModelVersion::version,
            Comparator.reverseOrder()));
        return out;
    }

    @Override
    public List<RegisteredModel> listModels() {
        List<RegisteredModel> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("max_results", Integer.toString(PAGE));
            if (token != null) {
                q.put("page_token", token);
            }
            JsonNode r;
            try {
                r = rest.get("registered-models/search", q);
            } catch (RegistryException e) {
                throw context("cannot list registered models", e);
            }
            for (JsonNode m : r.path("registered_models")) {
                out.add(toModel(m));
            }
            token = r.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return out;
    }

    @Override
    public RegisteredModel model(String name) {
        try {
            return toModel(rest.get("registered-models/get", Map.of("name", name)).path("registered_model"));
        } catch (RegistryException e) {
            throw context("registered model '" + name + "'", e);
        }
    }

    @Override
    Artifacts artifacts(String location) {
        return Artifacts.at(location, rest);
    }

    @Override
    Artifacts runArtifacts(String runId) {
        return Artifacts.at(runArtifactUri(runId), rest);
    }

    private static ModelVersion toVersion(JsonNode v) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        Map<String, String> tags = new TreeMap<>();
        v.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        String runId = v.path("run_id").asText("");
        return new ModelVersion(v.path("name").asText(), v.path("version").asLong(), v.path("source").asText(),
            runId.isEmpty() ? null : runId, v.path("status").asText(""), aliases, tags,
            v.path("creation_timestamp").asLong());
    }

    private RegisteredModel toModel(JsonNode m) {
        Map<String, Long> aliases = new TreeMap<>();
        m.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asLong()));
        Map<String, String> tags = new TreeMap<>();
        m.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        long latest = 0;
        for (JsonNode v : m.path("latest_versions")) {
            latest = Math.max(latest, v.path("version").asLong());
        }
        String desc = m.path("description").asText("");
        return new RegisteredModel(m.path("name").asText(), aliases, tags, latest,
            m.path("creation_timestamp").asLong(), desc.isEmpty() ? null : desc);
    }

    private static RegistryException context(String what, RegistryException e) {
        return new RegistryException(what + ": " + e.getMessage(), e.status(), e.errorCode(), e);
    }
}
