package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelUri;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.RegistryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the server and file registries share: resolving model URIs to versions and downloading their files. */
abstract class AbstractRegistry implements ModelRegistry {

    /**
     * @param location an artifact location (a version's source)
     * @return its repository
     */
    abstract Artifacts artifacts(String location);

    /**
     * @param runId a run
     * @return the repository of its artifacts
     */
    abstract Artifacts runArtifacts(String runId);

    /**
     * @param u a registry URI (version, alias or latest)
     * @return the version it names
     */
    ModelVersion version(ModelUri u) {
        return switch (u.kind()) {
            case VERSION -> version(u.name(), u.version());
            case ALIAS -> versionByAlias(u.name(), u.alias());
            case LATEST -> latestVersion(u.name());
            default -> throw new InvalidArgumentException("model URI " + u + " does not name a registered version");
        };
    }

    @Override
    public Path download(String modelUri, Path dest) {
        requireEmpty(dest, modelUri);
        ModelUri u = ModelUri.parse(modelUri);
        try {
            switch (u.kind()) {
                case RUN -> runArtifacts(u.runId()).download(u.path(), dest);
                case LOCATION -> {
                    Path local = localPath(u.path());
                    if (local != null) {
                        if (!Files.isDirectory(local)) {
                            throw new RegistryException("model directory " + local + " does not exist");
                        }
                        Artifacts.copy(local, dest);
                    } else {
                        artifacts(u.path()).download("", dest);
                    }
                }
                default -> downloadSource(version(u).source(), dest);
            }
        } catch (TrackingException e) {
            Artifacts.deleteTree(dest);
            throw new RegistryException("cannot download model " + modelUri + " from " + trackingUri() + ": "
                + e.getMessage(), e instanceof RegistryException r ? r.status() : 0,
                e instanceof RegistryException r ? r.errorCode() : null, e);
        }
        return dest;
    }

    /**
     * @param modelId an MLflow 3 LoggedModel's id ({@code m-...})
     * @return where its artifacts are
     * @throws RegistryException if this registry has no logged models
     */
    String loggedModelLocation(String modelId) {
        throw new RegistryException("logged model " + modelId + " cannot be read from " + trackingUri()
            + ": MLflow 3 logged models are read from a tracking server");
    }

    private void downloadSource(String source, Path dest) {
        if (source.startsWith("runs:")) {
            ModelUri r = ModelUri.parse(source);
            runArtifacts(r.runId()).download(r.path(), dest);
        } else if (source.startsWith("models:/m-")) {
            artifacts(loggedModelLocation(source.substring("models:/".length()))).download("", dest);
        } else if (source.startsWith("models:")) {
            throw new RegistryException("version source " + source + " is another registered model's version; Ember"
                + " reads versions registered from run artifacts (runs:/<id>/<path>, mlflow-artifacts:/..., file:) or"
                + " MLflow 3 logged models (models:/m-...)");
        } else {
            artifacts(source).download("", dest);
        }
    }

    private static Path localPath(String location) {
        if (location.startsWith("file:")) {
            return Path.of(java.net.URI.create(location));
        }
        if (location.contains(":/")) {
            return null;
        }
        return Path.of(location).toAbsolutePath();
    }

    static void requireEmpty(Path dest, String what) {
        if (Files.exists(dest)) {
            try (Stream<Path> s = Files.list(dest)) {
                if (s.findAny().isPresent()) {
                    throw new RegistryException("cannot download " + what + " to " + dest + ": it is not empty");
                }
            } catch (IOException e) {
                throw new RegistryException("cannot download " + what + " to " + dest + ": " + e, e);
            }
        }
    }
}
