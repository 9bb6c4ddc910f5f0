package dev.ember.ml.distribution;

import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway local Maven repository, as {@code mvn install} would leave it, built without touching the user's
 * own: Ember's artifacts are copied from this build's {@code target/} directories (the reactor built them just
 * before; {@code ~/.m2} may hold older ones, or none, as on CI's fresh clone), everything else is a symbolic link
 * into the real local repository, so an offline build resolves third-party artifacts and plugins from there.
 */
final class ScratchRepository {
    private ScratchRepository() {
    }

    /**
     * @param dir the repository to make (emptied first)
     * @param localRepository the real local repository ({@code ~/.m2/repository})
     * @param version Ember's version
     * @return {@code dir}
     * @throws Exception if an artifact is missing (the message says which and how to build it)
     */
    static Path create(Path dir, Path localRepository, String version) throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (Stream<Path> top = Files.list(localRepository)) {
            for (Path p : top.toList()) {
                if (!p.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(dir.resolve(p.getFileName().toString()), p);
                }
            }
        }
        Path dev = Files.createDirectories(dir.resolve("dev"));
        if (Files.isDirectory(localRepository.resolve("dev"))) {
            try (Stream<Path> children = Files.list(localRepository.resolve("dev"))) {
                for (Path p : children.toList()) {
                    if (!p.getFileName().toString().equals("ember")) {
                        Files.createSymbolicLink(dev.resolve(p.getFileName().toString()), p);
                    }
                }
            }
        }
        Path root = EmberBuild.ROOT;
        install(dir, "ember-parent", version, root.resolve("pom.xml"), null);
        install(dir, "ember-bom", version, root.resolve("ember-bom/pom.xml"), null);
        for (String artifactId : emberArtifacts()) {
            Path module = root.resolve(artifactId);
            Path jar = module.resolve("target").resolve(artifactId + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError(jar + " is missing: build it first (mvn -B package -pl distribution -am)");
            }
            install(dir, artifactId, version, module.resolve("pom.xml"), jar);
        }
        return dir;
    }

    /** @return the artifactIds of the {@code dev.ember} artifacts the BOM manages */
    static List<String> emberArtifacts() throws Exception {
        List<String> out = new ArrayList<>();
        for (Element d : EmberBuild.managedDependencies(EmberBuild.pom(EmberBuild.ROOT.resolve("ember-bom/pom.xml")))) {
            if ("dev.ember".equals(EmberBuild.child(d, "groupId"))) {
                out.add(EmberBuild.child(d, "artifactId"));
            }
        }
        return out;
    }

    private static void install(Path repo, String artifactId, String version, Path pom, Path jar) throws IOException {
        Path d = Files.createDirectories(repo.resolve("dev/ember").resolve(artifactId).resolve(version));
        Files.copy(pom, d.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, d.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {   // walk does not follow links: a link is deleted, not its target
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
