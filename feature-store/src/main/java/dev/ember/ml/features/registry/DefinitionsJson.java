package dev.ember.ml.features.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.features.Aggregation;
import dev.ember.ml.features.Durations;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.Feature;
import dev.ember.ml.features.FeatureSource;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.JoinKey;
import dev.ember.ml.features.WindowedAggregation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Definitions to and from JSON (the registry's format), and the part of a view that carries its meaning. */
public final class DefinitionsJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionsJson() {
    }

    /** @param e an entity @return its JSON */
    public static ObjectNode entity(Entity e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", e.name());
        ArrayNode keys = n.putArray("join_keys");
        for (JoinKey k : e.joinKeys()) {
            keys.addObject().put("name", k.name()).put("type", k.type().jsonName());
        }
        n.put("description", e.description());
        return n;
    }

    /** @param n an entity's JSON @return the entity */
    public static Entity entity(JsonNode n) {
        List<JoinKey> keys = new ArrayList<>();
        for (JsonNode k : n.get("join_keys")) {
            keys.add(new JoinKey(k.get("name").asText(), DataType.fromJsonName(k.get("type").asText())));
        }
        return new Entity(n.get("name").asText(), keys, n.path("description").asText(""));
    }

    /**
     * The fields that define what a view's features mean: entities, source, features, aggregations and TTL.
     *
     * @param v a view
     * @return its meaning as JSON
     */
    public static ObjectNode meaning(FeatureView v) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode es = n.putArray("entities");
        v.entities().forEach(es::add);
        ObjectNode s = n.putObject("source");
        s.put("format", v.source().format().name().toLowerCase(java.util.Locale.ROOT));
        s.put("path", v.source().path());
        s.put("timestamp_field", v.source().eventTimestampColumn());
        s.put("created_timestamp_field", v.source().createdTimestampColumn());
        ArrayNode fs = n.putArray("features");
        for (Feature f : v.features()) {
            fs.addObject().put("name", f.name()).put("expr", f.expression());
        }
        ArrayNode as = n.putArray("aggregations");
        for (WindowedAggregation a : v.aggregations()) {
            ObjectNode an = as.addObject().put("name", a.name()).put("input", a.input());
            ArrayNode fn = an.putArray("functions");
            a.functions().forEach(f -> fn.add(f.id()));
            ArrayNode ws = an.putArray("windows");
            a.windows().forEach(w -> ws.add(Durations.format(w)));
        }
        n.put("ttl", v.ttl() == null ? null : Durations.format(v.ttl()));
        return n;
    }

    /** @param v a view @return its JSON: name, version, meaning and metadata */
    public static ObjectNode view(FeatureView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", v.name());
        n.put("version", v.version());
        n.setAll(meaning(v));
        n.put("schedule", v.schedule());
        n.put("allowed_lateness", v.allowedLateness().isZero() ? null : Durations.format(v.allowedLateness()));
        n.put("owner", v.owner());
        ObjectNode tags = n.putObject("tags");
        new TreeMap<>(v.tags()).forEach(tags::put);
        n.put("description", v.description());
        if (v.buckets() > 0) {
            n.put("buckets", v.buckets());
        }
        return n;
    }

    /** @param n a view's JSON @return the view */
    public static FeatureView view(JsonNode n) {
        JsonNode s = n.get("source");
        FeatureSource src = new FeatureSource(FeatureSource.Format.parse(s.get("format").asText()),
            s.get("path").asText(), s.get("timestamp_field").asText(),
            s.hasNonNull("created_timestamp_field") ? s.get("created_timestamp_field").asText() : null);
        FeatureView.Builder b = FeatureView.builder(n.get("name").asText()).version(n.get("version").asInt())
            .source(src).schedule(n.path("schedule").asText(null)).owner(n.path("owner").asText(""))
            .description(n.path("description").asText("")).buckets(n.path("buckets").asInt(0));
        n.get("entities").forEach(e -> b.entities(e.asText()));
        n.get("features").forEach(f -> b.feature(f.get("name").asText(), f.get("expr").asText()));
        for (JsonNode a : n.get("aggregations")) {
            List<Aggregation> fns = new ArrayList<>();
            a.get("functions").forEach(f -> fns.add(Aggregation.parse(f.asText())));
            List<Duration> ws = new ArrayList<>();
            a.get("windows").forEach(w -> ws.add(Durations.parse(w.asText(), "window")));
            b.aggregation(new WindowedAggregation(a.get("name").asText(), a.get("input").asText(), fns, ws));
        }
        if (n.hasNonNull("ttl")) {
            b.ttl(n.get("ttl").asText());
        }
        if (n.hasNonNull("allowed_lateness")) {
            b.allowedLateness(n.get("allowed_lateness").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> tags = n.path("tags").fields();
        while (tags.hasNext()) {
            Map.Entry<String, JsonNode> t = tags.next();
            b.tag(t.getKey(), t.getValue().asText());
        }
        return b.build();
    }
}
