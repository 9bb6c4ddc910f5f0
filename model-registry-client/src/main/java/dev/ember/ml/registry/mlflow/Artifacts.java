package dev.ember.ml.registry.mlflow;

import dev.ember.ml.registry.RegistryException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run's (or a model version's) artifact location, reached without Python: through the tracking server's
 * {@code mlflow-artifacts} proxy ({@code mlflow-artifacts:/...}, when the server runs with
 * {@code --serve-artifacts}) or on the local file system ({@code file:///...} or a path).
 */
abstract class Artifacts {

    /**
     * @param location an artifact URI
     * @param rest the tracking server's client, or null for a local store
     * @return its repository
     * @throws RegistryException for a location Ember cannot reach (a cloud bucket behind a server that does not
     *     proxy artifacts)
     */
    static Artifacts at(String location, RestClient rest) {
        if (location.startsWith("mlflow-artifacts:")) {
            if (rest == null) {
                throw new RegistryException("artifact location " + location + " is served by an MLflow tracking server;"
                    + " set MLFLOW_TRACKING_URI (or --tracking-uri) to that server");
            }
            URI u = URI.create(location);
            String path = u.getPath() == null ? "" : u.getPath();
            RestClient client = rest;
            if (u.getAuthority() != null && !u.getAuthority().isEmpty()) {
                String scheme = rest.base().startsWith("https:") ? "https://" : "http://";
                client = new RestClient(scheme + u.getAuthority(), rest.settings());
            }
            return new Proxy(client, trim(path));
        }
        if (location.startsWith("file:")) {
            return new Local(Path.of(URI.create(location)));
        }
        if (location.startsWith("/")) {
            return new Local(Path.of(location));
        }
        throw new RegistryException("artifact location " + location + " cannot be reached without Python or a cloud"
            + " SDK; run the MLflow server with --serve-artifacts (locations mlflow-artifacts:/...) or use a local"
            + " path");
    }

    static String trim(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static String join(String a, String b) {
        String x = trim(a);
        String y = trim(b);
        return x.isEmpty() ? y : y.isEmpty() ? x : x + "/" + y;
    }

    /**
     * @param local a file (kept under its name in {@code path}) or a directory (its content goes in {@code path})
     * @param path a directory under this location, empty for the root
     */
    abstract void upload(Path local, String path);

    /**
     * @param path a file or directory under this location
     * @param dest where to put it (a directory's content goes in {@code dest})
     */
    abstract void download(String path, Path dest);

    /** Through the tracking server's artifact proxy. */
    static final class Proxy extends Artifacts {
        private final RestClient rest;
        private final String root;

        Proxy(RestClient rest, String root) {
            this.rest = rest;
            this.root = root;
        }

        @Override
        void upload(Path local, String path) {
            if (Files.isDirectory(local)) {
                try (Stream<Path> s = Files.walk(local)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                        String rel = local.relativize(f).toString().replace('\\', '/');
                        rest.upload(join(join(root, path), rel), f);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                rest.upload(join(join(root, path), local.getFileName().toString()), local);
            }
        }

        @Override
        void download(String path, Path dest) {
            String full = join(root, path);
            List<RestClient.FileInfo> files = rest.list(full);
            if (files.isEmpty()) {
                try {
                    rest.download(full, dest);
                } catch (RegistryException e) {
                    if (e.isNotFound() || e.status() == 400) {
                        throw new RegistryException("no artifact at " + path + " under mlflow-artifacts:/" + root
                            + " (" + e.getMessage() + ")", e.status(), e.errorCode(), e);
                    }
                    throw e;
                }
                return;
            }
            for (RestClient.FileInfo f : files) {
                String name = f.path().contains("/") ? f.path().substring(f.path().lastIndexOf('/') + 1) : f.path();
                if (f.isDir()) {
                    download(join(path, name), dest.resolve(name));
                } else {
                    rest.download(join(full, name), dest.resolve(name));
                }
            }
        }
    }

    /** On the local file system. */
    static final class Local extends Artifacts {
        private final Path root;

        Local(Path root) {
            this.root = root;
        }

        Path root() {
            return root;
        }

        @Override
        void upload(Path local, String path) {
            Path dir = resolve(path);
            copy(local, Files.isDirectory(local) ? dir : dir.resolve(local.getFileName().toString()));
        }

        @Override
        void download(String path, Path dest) {
            Path src = resolve(path);
            if (!Files.exists(src)) {
                throw new RegistryException("no artifact at " + path + " under " + root.toUri());
            }
            copy(src, dest);
        }

        Path resolve(String path) {
            Path p = root.resolve(trim(path)).normalize();
            if (!p.startsWith(root.normalize())) {
                throw new RegistryException("artifact path '" + path + "' leaves " + root);
            }
            return p;
        }
    }

    /**
     * Copies a file or a directory tree, replacing files that exist.
     *
     * @param src a file or directory
     * @param dest the copy
     */
    static void copy(Path src, Path dest) {
        try {
            if (Files.isDirectory(src)) {
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : s.toList()) {
                        Path t = dest.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.createDirectories(t.getParent());
                            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.createDirectories(dest.toAbsolutePath().getParent());
                Files.copy(src, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new RegistryException("cannot copy " + src + " to " + dest + ": " + e.getFile() + " exists", e);
        } catch (IOException e) {
            throw new RegistryException("cannot copy " + src + " to " + dest + ": " + e, e);
        }
    }

    /** @param p a file or directory tree to delete, best effort */
    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort(Comparator.reverseOrder());
            for (Path q : all) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // best effort: a temporary copy
        }
    }
}
