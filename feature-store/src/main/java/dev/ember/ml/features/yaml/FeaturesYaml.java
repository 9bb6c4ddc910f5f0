package dev.ember.ml.features.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.features.Aggregation;
import dev.ember.ml.features.Durations;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.Feature;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureSource;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.JoinKey;
import dev.ember.ml.features.WindowedAggregation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code features.yaml}: the same definitions as the Java API.
 *
 * <pre>{@code
 * entities:
 *   - name: ticker
 *     join_keys: [{name: symbol, type: string}]
 * feature_views:
 *   - name: ticker_prices
 *     version: 1
 *     entities: [ticker]
 *     source: {path: data/stocks.csv, format: csv, timestamp_field: date, created_timestamp_field: null}
 *     ttl: 62d
 *     schedule: "0 0 1 * *"
 *     allowed_lateness: 1d
 *     owner: quant-team
 *     tags: {tier: gold}
 *     buckets: 0            # key-hash buckets of the materialized rows (0: unbucketed)
 *     features:
 *       - {name: price, expr: price}
 *       - {name: log_price, expr: "log(price)"}
 *     aggregations:
 *       - {name: price, input: price, functions: [mean, max, stddev], windows: [90d, 365d]}
 * }</pre>
 * Unknown keys are errors (a typo must not silently drop a definition); every error names the file and the key
 * path, e.g. {@code features.yaml: feature_views[0].aggregations[0].windows[1]: ...}.
 */
public final class FeaturesYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FeaturesYaml() {
    }

    /**
     * @param file a {@code features.yaml}; relative source paths resolve against its directory
     * @return the repository
     * @throws InvalidArgumentException naming the file and key path of a bad definition
     */
    public static FeatureRepository load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidArgumentException(file + ": cannot read YAML: " + e.getMessage(), e);
        }
        String where = file.getFileName().toString();
        if (root == null || !root.isObject()) {
            throw new InvalidArgumentException(where + ": expected a mapping with entities and feature_views");
        }
        keys(root, where, Set.of("entities", "feature_views", "project"));
        List<Entity> entities = new ArrayList<>();
        JsonNode es = root.path("entities");
        for (int i = 0; i < es.size(); i++) {
            entities.add(entity(es.get(i), where + ": entities[" + i + "]"));
        }
        List<FeatureView> views = new ArrayList<>();
        JsonNode vs = root.path("feature_views");
        for (int i = 0; i < vs.size(); i++) {
            views.add(view(vs.get(i), where + ": feature_views[" + i + "]"));
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            return FeatureRepository.of(dir, entities, views);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new InvalidArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Entity entity(JsonNode n, String at) {
        keys(n, at, Set.of("name", "join_keys", "description"));
        List<JoinKey> keys = new ArrayList<>();
        JsonNode jk = req(n, "join_keys", at);
        for (int i = 0; i < jk.size(); i++) {
            JsonNode k = jk.get(i);
            String kat = at + ".join_keys[" + i + "]";
            if (k.isTextual()) {
                keys.add(new JoinKey(k.asText(), DataType.STRING));
                continue;
            }
            keys(k, kat, Set.of("name", "type"));
            String type = k.path("type").asText("string");
            keys.add(wrap(kat, () -> new JoinKey(req(k, "name", kat).asText(), DataType.fromJsonName(type))));
        }
        return wrap(at, () -> new Entity(req(n, "name", at).asText(), keys, n.path("description").asText("")));
    }

    private static FeatureView view(JsonNode n, String at) {
        keys(n, at, Set.of("name", "version", "entities", "source", "ttl", "schedule", "allowed_lateness", "owner",
            "tags", "description", "features", "aggregations", "buckets"));
        String name = req(n, "name", at).asText();
        FeatureView.Builder b = FeatureView.builder(name).version(n.path("version").asInt(1));
        for (JsonNode e : req(n, "entities", at)) {
            b.entities(e.asText());
        }
        b.source(source(req(n, "source", at), at + ".source"));
        if (n.hasNonNull("ttl")) {
            b.ttl(wrap(at + ".ttl", () -> Durations.parse(n.get("ttl").asText(), "ttl")));
        }
        if (n.hasNonNull("allowed_lateness")) {
            String l = n.get("allowed_lateness").asText();
            wrap(at + ".allowed_lateness", () -> b.allowedLateness(l));
        }
        b.schedule(n.path("schedule").asText(null)).owner(n.path("owner").asText(""))
            .description(n.path("description").asText(""));
        if (n.hasNonNull("buckets")) {
            JsonNode bn = n.get("buckets");
            if (!bn.canConvertToInt() || !bn.isIntegralNumber()) {
                throw new InvalidArgumentException(at + ".buckets: found '" + bn.asText() + "', expected an integer");
            }
            wrap(at + ".buckets", () -> b.buckets(bn.asInt()));
        }
        Iterator<Map.Entry<String, JsonNode>> tags = n.path("tags").fields();
        while (tags.hasNext()) {
            Map.Entry<String, JsonNode> t = tags.next();
            b.tag(t.getKey(), t.getValue().asText());
        }
        JsonNode fs = n.path("features");
        for (int i = 0; i < fs.size(); i++) {
            JsonNode f = fs.get(i);
            String fat = at + ".features[" + i + "]";
            keys(f, fat, Set.of("name", "expr"));
            Feature feat = wrap(fat, () -> new Feature(req(f, "name", fat).asText(),
                f.path("expr").asText(f.path("name").asText())));
            b.feature(feat.name(), feat.expression());
        }
        JsonNode as = n.path("aggregations");
        for (int i = 0; i < as.size(); i++) {
            b.aggregation(aggregation(as.get(i), at + ".aggregations[" + i + "]"));
        }
        return wrap(at, b::build);
    }

    private static FeatureSource source(JsonNode n, String at) {
        keys(n, at, Set.of("path", "format", "timestamp_field", "created_timestamp_field"));
        String path = req(n, "path", at).asText();
        String format = n.path("format").asText(path.toLowerCase(java.util.Locale.ROOT).contains(".csv") ? "csv"
            : "parquet");
        return wrap(at, () -> new FeatureSource(FeatureSource.Format.parse(format), path,
            req(n, "timestamp_field", at).asText(), n.hasNonNull("created_timestamp_field")
                ? n.get("created_timestamp_field").asText() : null));
    }

    private static WindowedAggregation aggregation(JsonNode n, String at) {
        keys(n, at, Set.of("name", "input", "functions", "windows"));
        String input = req(n, "input", at).asText();
        String name = n.path("name").asText(input);
        List<Aggregation> fns = new ArrayList<>();
        JsonNode fs = req(n, "functions", at);
        for (int i = 0; i < fs.size(); i++) {
            String f = fs.get(i).asText();
            fns.add(wrap(at + ".functions[" + i + "]", () -> Aggregation.parse(f)));
        }
        List<Duration> ws = new ArrayList<>();
        JsonNode w = req(n, "windows", at);
        for (int i = 0; i < w.size(); i++) {
            String t = w.get(i).asText();
            ws.add(wrap(at + ".windows[" + i + "]", () -> Durations.parse(t, "window")));
        }
        return wrap(at, () -> new WindowedAggregation(name, input, fns, ws));
    }

    private static JsonNode req(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new InvalidArgumentException(at + ": missing key '" + key + "'");
        }
        return v;
    }

    private static void keys(JsonNode n, String at, Set<String> allowed) {
        if (!n.isObject()) {
            throw new InvalidArgumentException(at + ": found " + n.getNodeType().name().toLowerCase(
                java.util.Locale.ROOT) + ", expected a mapping");
        }
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidArgumentException(at + ": unknown key '" + k + "', expected one of "
                    + allowed.stream().sorted().toList());
            }
        }
    }

    private static <T> T wrap(String at, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(at)) {
                throw e;
            }
            throw new InvalidArgumentException(at + ": " + e.getMessage(), e);
        }
    }
}
