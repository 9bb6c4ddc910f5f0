package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.registry.ModelUri;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.RegisteredModel;
import dev.ember.ml.registry.RegistryException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model registry of the embedded store, in MLflow's file layout (what {@code mlflow server} reads):
 *
 * <pre>
 * mlruns/models/NAME/meta.yaml               name, creation_timestamp, last_updated_timestamp, description
 * mlruns/models/NAME/tags/KEY                a registered-model tag
 * mlruns/models/NAME/aliases/ALIAS           the version number the alias points at
 * mlruns/models/NAME/version-N/meta.yaml     name, version, source, run_id, model_id (the run's LoggedModel,
 *                                            when it has one), status READY, timestamps
 * mlruns/models/NAME/version-N/tags/KEY      a version tag
 * </pre>
 */
final class FileModelRegistry extends AbstractRegistry {
    private static final Pattern NAME = Pattern.compile("^[^/\\\\:]+$");
    private static final Pattern CLAUSE = Pattern.compile(
        "\\s*(name|run_id|tags\\.[\\w.\\-]+|tags\\.`[^`]+`)\\s*=\\s*'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);
    private final FileTrackingStore store;
    private final Path models;

    FileModelRegistry(FileTrackingStore store) {
        this.store = store;
        this.models = store.root().resolve("models");
    }

    @Override
    public String trackingUri() {
        return store.uri();
    }

    @Override
    public synchronized ModelVersion register(String name, String modelUri, Map<String, String> tags) {
        Path modelDir = modelDir(name);
        String source;
        String runId = null;
        String modelId = null;
        ModelUri u = ModelUri.parse(modelUri);
        if (u.kind() == ModelUri.Kind.RUN) {
            runId = u.runId();
            Path art = new Artifacts.Local(store.artifactDir(runId)).resolve(u.path());
            if (!Files.isRegularFile(art.resolve(MlflowModelFormat.MLMODEL))) {
                throw new RegistryException("cannot register " + modelUri + " as '" + name + "' in " + trackingUri()
                    + ": run " + runId + " has no MLflow model at '" + u.path() + "'");
            }
            source = art.toUri().toString().replaceAll("/$", "");
            modelId = Yaml.read(art.resolve(MlflowModelFormat.MLMODEL)).path("model_id").asText(null);
        } else if (u.kind() == ModelUri.Kind.LOCATION) {
            source = modelUri;
        } else {
            source = version(u).source();
            runId = version(u).runId();
        }
        long now = System.currentTimeMillis();
        try {
            if (!Files.isRegularFile(modelDir.resolve("meta.yaml"))) {
                ObjectNode meta = Yaml.object();
                meta.put("creation_timestamp", now);
                meta.putNull("description");
                meta.put("last_updated_timestamp", now);
                meta.put("name", name);
                Yaml.write(modelDir.resolve("meta.yaml"), meta);
            }
            long v = latestNumber(name) + 1;
            Path dir;
            while (true) {
                dir = modelDir.resolve("version-" + v);
                try {
                    Files.createDirectory(dir);
                    break;
                } catch (FileAlreadyExistsException taken) {
                    v++;
                }
            }
            ObjectNode meta = Yaml.object();
            meta.put("creation_timestamp", now);
            meta.put("current_stage", "None");
            meta.putNull("description");
            meta.put("last_updated_timestamp", now);
            if (modelId != null) {
                meta.put("model_id", modelId);
            }
            meta.put("name", name);
            meta.put("run_id", runId == null ? "" : runId);
            meta.putNull("run_link");
            meta.put("source", source);
            meta.put("status", "READY");
            meta.putNull("status_message");
            meta.put("storage_location", source);
            meta.putNull("user_id");
            meta.put("version", v);
            Yaml.write(dir.resolve("meta.yaml"), meta);
            for (Map.Entry<String, String> t : tags.entrySet()) {
                writeValue(FileTrackingStore.keyFile(dir.resolve("tags"), t.getKey(), "tag"), t.getValue());
            }
            touch(modelDir, now);
            return version(name, v);
        } catch (IOException e) {
            throw new RegistryException("cannot register '" + name + "' in " + trackingUri() + ": " + e, e);
        }
    }

    @Override
    public ModelVersion version(String name, long version) {
        Path dir = modelDir(name).resolve("version-" + version);
        if (!Files.isRegularFile(dir.resolve("meta.yaml"))) {
            requireModel(name);
            throw new RegistryException("model version " + name + "/" + version + " not found in " + trackingUri()
                + "; its versions are " + versionNumbers(name), 404, "RESOURCE_DOES_NOT_EXIST", null);
        }
        JsonNode meta = Yaml.read(dir.resolve("meta.yaml"));
        Map<String, Long> aliases = aliases(name);
        List<String> mine = new ArrayList<>();
        aliases.forEach((a, v) -> {
            if (v == version) {
                mine.add(a);
            }
        });
        String runId = meta.path("run_id").asText("");
        return new ModelVersion(name, version, meta.path("source").asText(), runId.isEmpty() ? null : runId,
            meta.path("status").asText("READY"), mine, readValues(dir.resolve("tags")),
            meta.path("creation_timestamp").asLong());
    }

    @Override
    public ModelVersion versionByAlias(String name, String alias) {
        Long v = aliases(name).get(alias);
        if (v == null) {
            requireModel(name);
            throw new RegistryException("alias '" + alias + "' of model '" + name + "' not found in " + trackingUri()
                + "; its aliases are " + aliases(name).keySet(), 404, "RESOURCE_DOES_NOT_EXIST", null);
        }
        return version(name, v);
    }

    @Override
    public ModelVersion latestVersion(String name) {
        long v = latestNumber(name);
        if (v == 0) {
            requireModel(name);
            throw new RegistryException("model '" + name + "' in " + trackingUri() + " has no versions", 404,
                "RESOURCE_DOES_NOT_EXIST", null);
        }
        return version(name, v);
    }

    @Override
    public synchronized void setAlias(String name, String alias, long version) {
        version(name, version);
        if (!alias.matches("[\\w\\-]+") || "latest".equalsIgnoreCase(alias) || alias.matches("[vV]\\d+")) {
            throw new RegistryException("alias '" + alias + "': expected letters, digits, '_' or '-', and not "
                + "'latest' or v<number> (reserved)");
        }
        writeValue(modelDir(name).resolve("aliases").resolve(alias), Long.toString(version));
        touch(modelDir(name), System.currentTimeMillis());
    }

    @Override
    public synchronized void deleteAlias(String name, String alias) {
        requireModel(name);
        try {
            Files.deleteIfExists(modelDir(name).resolve("aliases").resolve(alias));
        } catch (IOException e) {
            throw new RegistryException("cannot delete alias '" + alias + "' of '" + name + "': " + e, e);
        }
    }

    @Override
    public void setVersionTag(String name, long version, String key, String value) {
        version(name, version);
        writeValue(FileTrackingStore.keyFile(modelDir(name).resolve("version-" + version).resolve("tags"), key, "tag"),
            value);
    }

    @Override
    public void setModelTag(String name, String key, String value) {
        requireModel(name);
        writeValue(FileTrackingStore.keyFile(modelDir(name).resolve("tags"), key, "tag"), value);
    }

    @Override
    public List<ModelVersion> searchVersions(String filter) {
        Map<String, String> where = parseFilter(filter);
        List<ModelVersion> out = new ArrayList<>();
        for (String name : modelNames()) {
            if (where.containsKey("name") && !where.get("name").equals(name)) {
                continue;
            }
            List<Long> vs = versionNumbers(name);
            vs.sort(Comparator.reverseOrder());
            for (long v : vs) {
                ModelVersion mv = version(name, v);
                boolean ok = true;
                for (Map.Entry<String, String> w : where.entrySet()) {
                    if (w.getKey().equals("run_id")) {
                        ok &= w.getValue().equals(mv.runId());
                    } else if (w.getKey().startsWith("tags.")) {
                        ok &= w.getValue().equals(mv.tags().get(w.getKey().substring(5)));
                    }
                }
                if (ok) {
                    out.add(mv);
                }
            }
        }
        return out;
    }

    @Override
    public List<RegisteredModel> listModels() {
        List<RegisteredModel> out = new ArrayList<>();
        for (String name : modelNames()) {
            out.add(model(name));
        }
        return out;
    }

    @Override
    public RegisteredModel model(String name) {
        requireModel(name);
        JsonNode meta = Yaml.read(modelDir(name).resolve("meta.yaml"));
        return new RegisteredModel(name, aliases(name), readValues(modelDir(name).resolve("tags")),
            latestNumber(name), meta.path("creation_timestamp").asLong(),
            meta.path("description").isNull() ? null : meta.path("description").asText(null));
    }

    @Override
    Artifacts artifacts(String location) {
        return Artifacts.at(location, null);
    }

    @Override
    Artifacts runArtifacts(String runId) {
        return new Artifacts.Local(store.artifactDir(runId));
    }

    private Map<String, String> parseFilter(String filter) {
        Map<String, String> out = new LinkedHashMap<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        for (String clause : filter.split("(?i)\\s+AND\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new RegistryException("filter '" + filter + "' for the local store " + trackingUri()
                    + ": expected name = '...', run_id = '...' or tags.<key> = '...' joined by AND");
            }
            out.put(m.group(1).toLowerCase(java.util.Locale.ROOT).startsWith("tags.")
                ? "tags." + m.group(1).substring(5).replace("`", "") : m.group(1).toLowerCase(java.util.Locale.ROOT),
                m.group(2));
        }
        return out;
    }

    private Path modelDir(String name) {
        if (name == null || name.isBlank() || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new RegistryException("registered model name '" + name + "': expected a non-empty name without"
                + " '/', '\\' or ':'");
        }
        return models.resolve(name);
    }

    private void requireModel(String name) {
        if (!Files.isRegularFile(modelDir(name).resolve("meta.yaml"))) {
            throw new RegistryException("registered model '" + name + "' not found in " + trackingUri()
                + "; the models are " + modelNames(), 404, "RESOURCE_DOES_NOT_EXIST", null);
        }
    }

    private List<String> modelNames() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(models)) {
            return out;
        }
        try (Stream<Path> s = Files.list(models)) {
            s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml"))).map(p -> p.getFileName().toString()).sorted()
                .forEach(out::add);
        } catch (IOException e) {
            throw new RegistryException("cannot list " + models + ": " + e, e);
        }
        return out;
    }

    private List<Long> versionNumbers(String name) {
        List<Long> out = new ArrayList<>();
        Path dir = modelDir(name);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("version-\\d+"))
                .filter(n -> Files.isRegularFile(dir.resolve(n).resolve("meta.yaml")))
                .map(n -> Long.parseLong(n.substring(8))).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new RegistryException("cannot list " + dir + ": " + e, e);
        }
        return out;
    }

    private long latestNumber(String name) {
        List<Long> vs = versionNumbers(name);
        return vs.isEmpty() ? 0 : vs.get(vs.size() - 1);
    }

    private Map<String, Long> aliases(String name) {
        Map<String, Long> out = new TreeMap<>();
        readValues(modelDir(name).resolve("aliases")).forEach((k, v) -> out.put(k, Long.parseLong(v.trim())));
        return out;
    }

    private static Map<String, String> readValues(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        } catch (IOException e) {
            throw new RegistryException("cannot read " + dir + ": " + e, e);
        }
        return out;
    }

    private static void writeValue(Path f, String value) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, value == null ? "" : value);
        } catch (IOException e) {
            throw new RegistryException("cannot write " + f + ": " + e, e);
        }
    }

    private static void touch(Path modelDir, long now) {
        ObjectNode meta = (ObjectNode) Yaml.read(modelDir.resolve("meta.yaml"));
        meta.put("last_updated_timestamp", now);
        Yaml.write(modelDir.resolve("meta.yaml"), meta);
    }
}
