package dev.ember.ml.features.registry;

import dev.ember.ml.features.Entity;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One committed version of the registry: entities, every version of every view (older versions stay readable),
 * which views are deleted, and the directory relative source paths resolve against.
 *
 * @param version the registry's version, 0 before the first apply
 * @param baseDir the repository directory of the last apply (null before the first)
 * @param entities entities by name
 * @param views views by name, then by version
 * @param deleted names of views deleted (their versions are kept)
 */
public record RegistryState(long version, Path baseDir, Map<String, Entity> entities,
                            Map<String, TreeMap<Integer, FeatureView>> views, List<String> deleted) {
    /** Copies the maps. */
    public RegistryState {
        entities = Map.copyOf(entities);
        Map<String, TreeMap<Integer, FeatureView>> vs = new LinkedHashMap<>();
        views.forEach((k, v) -> vs.put(k, new TreeMap<>(v)));
        views = java.util.Collections.unmodifiableMap(vs);
        deleted = List.copyOf(deleted);
    }

    /** @return the empty registry */
    public static RegistryState empty() {
        return new RegistryState(0, null, Map.of(), Map.of(), List.of());
    }

    /**
     * @param name a view's name
     * @return its latest version, or null if it has none or is deleted
     */
    public FeatureView latest(String name) {
        TreeMap<Integer, FeatureView> v = views.get(name);
        return v == null || v.isEmpty() || deleted.contains(name) ? null : v.lastEntry().getValue();
    }

    /** @return the live (latest, not deleted) views as a repository */
    public FeatureRepository repository() {
        List<FeatureView> live = new ArrayList<>();
        for (String n : views.keySet()) {
            FeatureView v = latest(n);
            if (v != null) {
                live.add(v);
            }
        }
        return FeatureRepository.of(baseDir == null ? Path.of(".") : baseDir,
            new ArrayList<>(entities.values()), live);
    }
}
