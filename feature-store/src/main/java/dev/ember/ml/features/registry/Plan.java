package dev.ember.ml.features.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.Feature;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.WindowedAggregation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The diff from the registry's committed state to a repository's definitions, as {@code terraform plan}:
 * {@code +} create, {@code ~} update in place, {@code -} delete, {@code +v} a new version of a view.
 *
 * <p>Rules: a view's meaning (its entities, source, features' expressions, aggregations' inputs, functions and
 * windows, TTL) cannot change within a version: changing or removing an existing feature, or changing the TTL,
 * source or entities, is an error asking for a new version. Adding features, and changing the schedule, allowed
 * lateness, owner, tags or description, update the version in place. A declared version lower than the registry's
 * latest is an error. An entity's join keys cannot change while views use it.
 *
 * @param baseVersion the registry version the plan was made from
 * @param changes the changes, in order
 * @param errors why the plan cannot be applied, empty if it can
 * @param result the state the plan commits
 */
public record Plan(long baseVersion, List<Change> changes, List<String> errors, RegistryState result) {
    /**
     * One change.
     *
     * @param symbol {@code +}, {@code ~}, {@code -} or {@code +v}
     * @param kind {@code entity} or {@code view}
     * @param name the object's name (with {@code @version} for views)
     * @param details what changes, one line each
     */
    public record Change(String symbol, String kind, String name, List<String> details) {
    }

    /** @return whether the plan cannot be applied */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** @return whether applying changes nothing */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * @param state the committed state
     * @param repo the declared definitions
     * @return the plan
     */
    public static Plan of(RegistryState state, FeatureRepository repo) {
        List<Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Entity> entities = new LinkedHashMap<>(state.entities());
        Map<String, TreeMap<Integer, FeatureView>> views = new LinkedHashMap<>();
        state.views().forEach((k, v) -> views.put(k, new TreeMap<>(v)));
        List<String> deleted = new ArrayList<>(state.deleted());

        for (Entity e : new TreeMap<>(repo.entities()).values()) {
            Entity old = state.entities().get(e.name());
            if (old == null) {
                changes.add(new Change("+", "entity", e.name(), List.of("join_keys: " + e.joinKeys())));
            } else if (!old.joinKeys().equals(e.joinKeys())) {
                errors.add("entity '" + e.name() + "': join keys change from " + old.joinKeys() + " to "
                    + e.joinKeys() + "; define a new entity instead");
            } else if (!old.description().equals(e.description())) {
                changes.add(new Change("~", "entity", e.name(), List.of("description")));
            }
            entities.put(e.name(), e);
        }
        for (String name : new TreeSet<>(state.entities().keySet())) {
            if (!repo.entities().containsKey(name)) {
                changes.add(new Change("-", "entity", name, List.of()));
                entities.remove(name);
            }
        }
        for (FeatureView v : new TreeMap<>(repo.views()).values()) {
            TreeMap<Integer, FeatureView> versions = views.computeIfAbsent(v.name(), k -> new TreeMap<>());
            boolean wasDeleted = deleted.remove(v.name());
            if (versions.isEmpty()) {
                changes.add(new Change("+", "view", v.name() + "@" + v.version(), describe(v)));
                versions.put(v.version(), v);
                continue;
            }
            int latest = versions.lastKey();
            if (v.version() < latest) {
                errors.add("feature view '" + v.name() + "': declares version " + v.version()
                    + " but the registry has version " + latest + "; versions only go up");
            } else if (v.version() > latest) {
                List<String> d = new ArrayList<>(List.of("new version (v" + latest + " stays readable)"));
                d.addAll(meaningChanges(versions.get(latest), v));
                changes.add(new Change("+v", "view", v.name() + "@" + v.version(), d));
                versions.put(v.version(), v);
            } else {
                FeatureView old = versions.get(latest);
                List<String> breaking = breakingChanges(old, v);
                if (!breaking.isEmpty()) {
                    errors.add("feature view '" + v.name() + "' v" + v.version() + ": " + String.join("; ", breaking)
                        + " -- a change of meaning needs a new version (set version: " + (latest + 1) + ")");
                    continue;
                }
                List<String> d = inPlaceChanges(old, v);
                if (wasDeleted) {
                    d.add(0, "restored");
                }
                if (!d.isEmpty()) {
                    changes.add(new Change("~", "view", v.name() + "@" + v.version(), d));
                    versions.put(v.version(), v);
                }
            }
        }
        for (String name : new TreeSet<>(state.views().keySet())) {
            if (!repo.views().containsKey(name) && !deleted.contains(name)) {
                changes.add(new Change("-", "view", name, List.of("versions kept in history")));
                deleted.add(name);
            }
        }
        for (FeatureView v : repo.views().values()) {
            for (String e : v.entities()) {
                if (!entities.containsKey(e)) {
                    errors.add("feature view '" + v.name() + "': entity '" + e + "' is not defined");
                }
            }
        }
        RegistryState result = new RegistryState(state.version(), repo.baseDir().toAbsolutePath(), entities, views,
            deleted);
        return new Plan(state.version(), List.copyOf(changes), List.copyOf(errors), result);
    }

    private static List<String> describe(FeatureView v) {
        List<String> d = new ArrayList<>();
        d.add("entities: " + v.entities());
        d.add("source: " + v.source().path());
        d.add("features: " + v.featureNames());
        d.add("ttl: " + (v.ttl() == null ? "none" : dev.ember.ml.features.Durations.format(v.ttl()))
            + ", schedule: " + v.schedule());
        return d;
    }

    private static List<String> breakingChanges(FeatureView old, FeatureView v) {
        List<String> out = new ArrayList<>();
        JsonNode a = DefinitionsJson.meaning(old);
        JsonNode b = DefinitionsJson.meaning(v);
        for (String f : List.of("entities", "source", "ttl")) {
            if (!Objects.equals(a.get(f), b.get(f))) {
                out.add(f + " changes from " + a.get(f) + " to " + b.get(f));
            }
        }
        if (old.buckets() != v.buckets()) {
            out.add("buckets change from " + old.buckets() + " to " + v.buckets()
                + " (the layout of the materialized rows)");
        }
        Map<String, String> newExprs = new LinkedHashMap<>();
        v.features().forEach(f -> newExprs.put(f.name(), f.expression()));
        for (Feature f : old.features()) {
            String e = newExprs.get(f.name());
            if (e == null) {
                out.add("feature '" + f.name() + "' is removed");
            } else if (!e.equals(f.expression())) {
                out.add("feature '" + f.name() + "' expression changes from '" + f.expression() + "' to '" + e + "'");
            }
        }
        Map<String, WindowedAggregation> newAggs = new LinkedHashMap<>();
        v.aggregations().forEach(x -> newAggs.put(x.name(), x));
        for (WindowedAggregation x : old.aggregations()) {
            WindowedAggregation y = newAggs.get(x.name());
            if (y == null) {
                out.add("aggregation '" + x.name() + "' is removed");
                continue;
            }
            if (!x.input().equals(y.input())) {
                out.add("aggregation '" + x.name() + "' input changes from '" + x.input() + "' to '" + y.input()
                    + "'");
            }
            if (!y.windows().containsAll(x.windows()) || !y.functions().containsAll(x.functions())) {
                out.add("aggregation '" + x.name() + "' windows or functions change from " + x.featureNames()
                    + " to " + y.featureNames());
            }
        }
        return out;
    }

    private static List<String> meaningChanges(FeatureView old, FeatureView v) {
        List<String> out = new ArrayList<>(breakingChanges(old, v));
        for (String f : v.featureNames()) {
            if (!old.featureNames().contains(f)) {
                out.add("feature '" + f + "' added");
            }
        }
        return out;
    }

    private static List<String> inPlaceChanges(FeatureView old, FeatureView v) {
        List<String> out = new ArrayList<>();
        for (String f : v.featureNames()) {
            if (!old.featureNames().contains(f)) {
                out.add("feature '" + f + "' added");
            }
        }
        if (!old.schedule().equals(v.schedule())) {
            out.add("schedule: '" + old.schedule() + "' -> '" + v.schedule() + "'");
        }
        if (!old.allowedLateness().equals(v.allowedLateness())) {
            out.add("allowed_lateness: " + old.allowedLateness() + " -> " + v.allowedLateness());
        }
        if (!old.owner().equals(v.owner())) {
            out.add("owner: '" + old.owner() + "' -> '" + v.owner() + "'");
        }
        if (!old.tags().equals(v.tags())) {
            out.add("tags: " + new TreeMap<>(old.tags()) + " -> " + new TreeMap<>(v.tags()));
        }
        if (!old.description().equals(v.description())) {
            out.add("description");
        }
        return out;
    }

    /** @return the plan as text, as {@code terraform plan} prints it */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Registry version ").append(baseVersion).append('\n');
        for (Change c : changes) {
            sb.append(String.format("  %-2s %s %s%n", c.symbol(), c.kind(), c.name()));
            for (String d : c.details()) {
                sb.append("       ").append(d).append('\n');
            }
        }
        for (String e : errors) {
            sb.append("  !  ").append(e).append('\n');
        }
        long add = changes.stream().filter(c -> c.symbol().startsWith("+")).count();
        long upd = changes.stream().filter(c -> c.symbol().equals("~")).count();
        long del = changes.stream().filter(c -> c.symbol().equals("-")).count();
        sb.append(changes.isEmpty() && errors.isEmpty() ? "No changes. The registry matches the definitions.\n"
            : String.format("Plan: %d to add, %d to change, %d to delete%s.%n", add, upd, del,
                errors.isEmpty() ? "" : "; " + errors.size() + " error(s), cannot apply"));
        return sb.toString();
    }
}
