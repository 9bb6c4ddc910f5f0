package dev.ember.ml.cli;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.registry.Registry;
import dev.ember.ml.features.registry.RegistryState;
import dev.ember.ml.features.yaml.FeaturesYaml;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Where the definitions, the registry and the store are: options shared by the {@code features} commands. */
public final class FeaturesOptions {
    @Option(names = "--repo", paramLabel = "FILE", defaultValue = "features.yaml",
        description = "the features.yaml (default: ${DEFAULT-VALUE})")
    Path repo;

    @Option(names = "--registry", paramLabel = "DIR",
        description = "the registry directory (default: .ember/registry beside the features.yaml)")
    Path registry;

    @Option(names = "--store", paramLabel = "DIR",
        description = "the offline store: data and job state (default: .ember/store beside the features.yaml)")
    Path store;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local",
        description = "the runtime: local, local[n], local-cluster[n] or ember://host:port (default: ${DEFAULT-VALUE})")
    String master;

    /** For picocli. */
    public FeaturesOptions() {
    }

    private Path base() {
        Path p = repo.toAbsolutePath().getParent();
        return p == null ? Path.of(".").toAbsolutePath() : p;
    }

    /** @return the registry */
    Registry registry() {
        return new Registry(registry != null ? registry : base().resolve(".ember/registry"));
    }

    /** @return the declared definitions */
    FeatureRepository declared() {
        if (!Files.isRegularFile(repo)) {
            throw new InvalidArgumentException("no features.yaml at " + repo.toAbsolutePath()
                + " (use --repo FILE)");
        }
        return FeaturesYaml.load(repo);
    }

    /** @return the applied definitions */
    FeatureRepository applied() {
        RegistryState s = registry().read();
        if (s.version() == 0) {
            throw new InvalidStateException("the registry at " + registry().file() + " is empty: run ember features"
                + " apply first");
        }
        return s.repository();
    }

    /** @return a materializer over the applied definitions, on the wall clock */
    Materializer materializer(Runtime rt) {
        return new Materializer(applied(), rt, new OfflineLayout(store != null ? store
            : base().resolve(".ember/store")), Clock.systemUTC());
    }

    /** @param names view names, empty for all @param repo definitions @return the views */
    static List<FeatureView> views(List<String> names, FeatureRepository repo) {
        List<FeatureView> out = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            repo.views().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(out::add);
        } else {
            names.forEach(n -> out.add(repo.view(n)));
        }
        return out;
    }

    /**
     * @param text an ISO instant ({@code 2024-01-01T00:00:00Z}) or day ({@code 2024-01-01}, midnight UTC)
     * @param option the option, for the message
     * @return the instant
     */
    static Instant instant(String text, String option) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidArgumentException(option + ": found '" + text
                + "', expected a day (2024-01-31) or an instant (2024-01-31T06:00:00Z)");
        }
    }
}
