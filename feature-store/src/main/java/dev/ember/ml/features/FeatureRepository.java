package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A set of definitions: entities and feature views (the latest version of each view, as a {@code features.yaml}
 * or Java code declares them), with the directory their relative source paths resolve against.
 *
 * @param baseDir the directory relative paths resolve against
 * @param entities entities by name
 * @param views views by name
 */
public record FeatureRepository(Path baseDir, Map<String, Entity> entities, Map<String, FeatureView> views) {
    /** Validates that every view's entities exist. */
    public FeatureRepository {
        Objects.requireNonNull(baseDir, "baseDir");
        entities = Map.copyOf(entities);
        views = Map.copyOf(views);
        for (FeatureView v : views.values()) {
            for (String e : v.entities()) {
                if (!entities.containsKey(e)) {
                    throw new InvalidArgumentException("feature view '" + v.name() + "': entity '" + e
                        + "' is not defined (entities: " + entities.keySet() + ")");
                }
            }
        }
    }

    /**
     * @param baseDir the directory relative paths resolve against
     * @param entities the entities
     * @param views the views, one per name
     * @return the repository
     */
    public static FeatureRepository of(Path baseDir, List<Entity> entities, List<FeatureView> views) {
        Map<String, Entity> es = new LinkedHashMap<>();
        for (Entity e : entities) {
            if (es.put(e.name(), e) != null) {
                throw new InvalidArgumentException("entity '" + e.name() + "' is defined twice");
            }
        }
        Map<String, FeatureView> vs = new LinkedHashMap<>();
        for (FeatureView v : views) {
            if (vs.put(v.name(), v) != null) {
                throw new InvalidArgumentException("feature view '" + v.name() + "' is defined twice");
            }
        }
        return new FeatureRepository(baseDir, es, vs);
    }

    /**
     * @param name a view's name
     * @return the view
     * @throws InvalidArgumentException if there is none
     */
    public FeatureView view(String name) {
        FeatureView v = views.get(name);
        if (v == null) {
            throw new InvalidArgumentException("feature view '" + name + "' is not defined (views: "
                + new ArrayList<>(views.keySet()).stream().sorted().toList() + ")");
        }
        return v;
    }

    /**
     * @param view a view
     * @return the join key columns of its entities, in order
     */
    public List<JoinKey> joinKeys(FeatureView view) {
        List<JoinKey> out = new ArrayList<>();
        for (String e : view.entities()) {
            out.addAll(entities.get(e).joinKeys());
        }
        return out;
    }
}
