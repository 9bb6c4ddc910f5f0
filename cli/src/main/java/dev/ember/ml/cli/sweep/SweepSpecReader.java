package dev.ember.ml.cli.sweep;

import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.evaluation.RegressionEvaluator;
import dev.ember.ml.cli.sweep.YamlTree.ListNode;
import dev.ember.ml.cli.sweep.YamlTree.MapNode;
import dev.ember.ml.cli.sweep.YamlTree.Node;
import dev.ember.ml.cli.sweep.YamlTree.Scalar;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.pipeline.sweep.AshaPruner;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.Distribution;
import dev.ember.ml.pipeline.sweep.GridSampler;
import dev.ember.ml.pipeline.sweep.MedianPruner;
import dev.ember.ml.pipeline.sweep.ParamSpec;
import dev.ember.ml.pipeline.sweep.Pruner;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.TpeSampler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a sweep file before any compute. Every problem is collected and reported at once, each as
 * {@code key.path: found X, expected Y (line N)}; unknown keys, stages and params name the nearest valid ones.
 */
public final class SweepSpecReader {
    private static final Set<String> TOP = Set.of("name", "data", "pipeline", "space", "strategy", "earlyStopping",
        "objective", "budget", "parallel", "seed", "tracking", "journal");
    private static final Map<String, String> METRICS = metrics();
    private final List<String> errors = new ArrayList<>();
    private final Path baseDir;
    private final StageCatalog catalog = new StageCatalog();
    private final boolean requireSpace;
    private final Set<String> brokenStages = new java.util.HashSet<>();
    private boolean lastStageBroken;

    private SweepSpecReader(Path baseDir, boolean requireSpace) {
        this.baseDir = baseDir;
        this.requireSpace = requireSpace;
    }

    private static Map<String, String> metrics() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : List.of("areaUnderROC", "areaUnderPR")) {
            m.put(s, "binary");
        }
        for (String s : List.of("f1", "accuracy", "weightedPrecision", "weightedRecall", "logLoss")) {
            m.put(s, "multiclass");
        }
        for (String s : List.of("rmse", "mse", "mae", "r2")) {
            m.put(s, "regression");
        }
        return m;
    }

    /**
     * @param file a sweep file
     * @return the validated spec
     * @throws SweepSpecException listing every problem
     */
    public static SweepSpec read(Path file) {
        return read(file, true);
    }

    /**
     * @param file         a sweep file, or a run file ({@code ember train}) when {@code requireSpace} is false
     * @param requireSpace whether the file must have a space
     * @return the validated spec (its space null when absent)
     * @throws SweepSpecException listing every problem
     */
    public static SweepSpec read(Path file, boolean requireSpace) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sweep file " + file, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new SweepSpecReader(dir, requireSpace).build(YamlTree.parse(text), text, file);
    }

    /**
     * @param text    the YAML text
     * @param baseDir the directory relative paths resolve against
     * @param file    the file it came from, or null
     * @return the validated spec
     * @throws SweepSpecException listing every problem
     */
    public static SweepSpec parse(String text, Path baseDir, Path file) {
        return new SweepSpecReader(baseDir, true).build(YamlTree.parse(text), text, file);
    }

    private SweepSpec build(Node rootNode, String text, Path file) {
        MapNode root = map(rootNode, "(top level)");
        if (root == null) {
            throw new SweepSpecException(errors);
        }
        keys(root, "", TOP);
        String name = string(root, "name", "name", null);
        if (name == null) {
            name = file == null ? "sweep" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        }
        SweepSpec.Data data = data(required(root, "data", ""));
        List<SweepSpec.Stage> pipeline = pipeline(required(root, "pipeline", ""));
        SearchSpace space = requireSpace || root.entries().containsKey("space")
            ? space(required(root, "space", ""), pipeline) : null;
        SweepSpec.Strategy strategy = strategy(root.entries().get("strategy"));
        Pruner pruner = earlyStopping(root.entries().get("earlyStopping"), pipeline, data);
        SweepSpec.Objective objective = objective(required(root, "objective", ""));
        Budget budget = budget(root.entries().get("budget"));
        int parallel = integer(root, "parallel", "parallel", 1, 1);
        long seed = longValue(root, "seed", 42);
        SweepSpec.Tracking tracking = tracking(root.entries().get("tracking"), name);
        String journal = string(root, "journal", "journal", null);
        Path journalPath = journal != null ? baseDir.resolve(journal)
            : baseDir.resolve(".ember").resolve("sweeps").resolve(name + ".journal");
        if (!errors.isEmpty()) {
            throw new SweepSpecException(errors);
        }
        return new SweepSpec(name, file, text, data, pipeline, space, strategy, pruner, objective, budget, parallel,
            seed, tracking, journalPath);
    }

    // ---------------------------------------------------------------- sections

    private SweepSpec.Data data(Node n) {
        MapNode m = map(n, "data");
        if (m == null) {
            return null;
        }
        keys(m, "data", Set.of("path", "format", "options", "split", "seed"));
        List<Path> paths = new ArrayList<>();
        Node p = required(m, "path", "data");
        if (p instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                paths.add(path(l.items().get(i), "data.path[" + i + "]"));
            }
        } else if (p != null) {
            paths.add(path(p, "data.path"));
        }
        paths.removeIf(x -> x == null);
        String defFormat = paths.isEmpty() || !paths.get(0).toString().endsWith(".parquet") ? "csv" : "parquet";
        String format = string(m, "format", "data.format", defFormat);
        if (format != null && !List.of("csv", "parquet").contains(format)) {
            error("data.format", m.entries().get("format"), "csv or parquet");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        Node o = m.entries().get("options");
        if (o != null) {
            MapNode om = map(o, "data.options");
            if (om != null) {
                keys(om, "data.options", Set.of("delimiter", "header", "nullValues"));
                om.entries().forEach((k, v) -> options.put(k, v instanceof Scalar s ? s.value() : YamlTree.toJson(v)));
            }
        }
        Double ratio = null;
        int folds = 0;
        Node s = m.entries().get("split");
        if (s == null) {
            ratio = 0.8;
        } else {
            MapNode sm = map(s, "data.split");
            if (sm != null) {
                keys(sm, "data.split", Set.of("trainRatio", "folds"));
                if (sm.entries().containsKey("trainRatio") == sm.entries().containsKey("folds")) {
                    errors.add("data.split: found " + sm.entries().keySet() + ", expected exactly one of trainRatio, "
                        + "folds (line " + sm.line() + ")");
                } else if (sm.entries().containsKey("trainRatio")) {
                    ratio = number(sm, "trainRatio", "data.split.trainRatio", 0.8);
                    if (ratio != null && !(ratio > 0 && ratio < 1)) {
                        error("data.split.trainRatio", sm.entries().get("trainRatio"), "0 < trainRatio < 1");
                    }
                } else {
                    folds = integer(sm, "folds", "data.split.folds", 3, 2);
                }
            }
        }
        long seed = longValue(m, "seed", 7);
        return new SweepSpec.Data(paths, format, options, ratio, folds, seed);
    }

    private Path path(Node n, String path) {
        String s = scalarString(n, path);
        if (s == null) {
            return null;
        }
        Path p = baseDir.resolve(s);
        if (!Files.isRegularFile(p)) {
            error(path, n, "an existing file (resolved to " + p + ")");
            return null;
        }
        return p;
    }

    private List<SweepSpec.Stage> pipeline(Node n) {
        List<SweepSpec.Stage> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!(n instanceof ListNode l) || l.items().isEmpty()) {
            error("pipeline", n, "a non-empty list of stages");
            return out;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < l.items().size(); i++) {
            String at = "pipeline[" + i + "]";
            MapNode m = map(l.items().get(i), at);
            if (m == null) {
                continue;
            }
            keys(m, at, Set.of("stage", "name", "params"));
            Node typeNode = required(m, "stage", at);
            String type = typeNode == null ? null : scalarString(typeNode, at + ".stage");
            if (type == null) {
                continue;
            }
            PipelineStage stage = catalog.create(type);
            if (stage == null) {
                Node nameNode = m.entries().get("name");
                brokenStages.add(nameNode instanceof Scalar ns && ns.value() != null ? ns.value().toString()
                    : Character.toLowerCase(type.charAt(0)) + type.substring(1));
                lastStageBroken = i == l.items().size() - 1;
                errors.add(at + ".stage: found \"" + type + "\", expected a registered stage"
                    + NearestNames.suggest(type, catalog.names()) + " (line " + typeNode.line() + ")");
                continue;
            }
            String name = string(m, "name", at + ".name", Character.toLowerCase(type.charAt(0)) + type.substring(1));
            if (name != null && (!names.add(name) || name.contains("."))) {
                error(at + ".name", m.entries().get("name") != null ? m.entries().get("name") : typeNode,
                    "a unique stage name without dots (set name: to tell stages of one type apart)");
            }
            Node params = m.entries().get("params");
            if (params != null) {
                MapNode pm = map(params, at + ".params");
                if (pm != null) {
                    for (Map.Entry<String, Node> e : pm.entries().entrySet()) {
                        stage = applyParam(stage, type, e.getKey(), e.getValue(), at + ".params." + e.getKey());
                    }
                }
            }
            out.add(new SweepSpec.Stage(type, name, stage));
        }
        if (!out.isEmpty() && !lastStageBroken && !(out.get(out.size() - 1).stage() instanceof Estimator)) {
            errors.add("pipeline[" + (out.size() - 1) + "].stage: found " + out.get(out.size() - 1).type()
                + ", expected an estimator as the last stage (line " + l.items().get(l.items().size() - 1).line()
                + ")");
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private PipelineStage applyParam(PipelineStage stage, String type, String key, Node value, String path) {
        Param param = findParam(stage, type, key, path, value);
        if (param == null) {
            return stage;
        }
        try {
            Object v = param.type().fromJson(YamlTree.toJson(value), key);
            param.validate(v);
            return stage.copy(ParamMap.of(param, v));
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            errors.add(path + ": found " + YamlTree.show(value) + ", expected " + param.type() + " "
                + describe(param) + " (line " + value.line() + ")");
            return stage;
        }
    }

    private Param<?> findParam(PipelineStage stage, String type, String key, String path, Node at) {
        for (Param<?> p : stage.params()) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        errors.add(path + ": " + type + " has no param \"" + key + "\""
            + NearestNames.suggest(key, stage.params().stream().map(Param::name).toList()) + " (line " + at.line()
            + ")");
        return null;
    }

    private static String describe(Param<?> p) {
        return "(" + p.doc() + ")";
    }

    private SearchSpace space(Node n, List<SweepSpec.Stage> pipeline) {
        MapNode m = map(n, "space");
        if (m == null) {
            return null;
        }
        if (m.entries().isEmpty()) {
            errors.add("space: found no parameters, expected at least one (line " + m.line() + ")");
            return null;
        }
        Map<String, SweepSpec.Stage> byName = new LinkedHashMap<>();
        pipeline.forEach(s -> byName.put(s.name(), s));
        SearchSpace.Builder b = SearchSpace.builder();
        boolean ok = true;
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            String name = e.getKey();
            String path = "space." + name;
            MapNode pm = map(e.getValue(), path);
            if (pm == null) {
                ok = false;
                continue;
            }
            keys(pm, path, Set.of("type", "low", "high", "values", "when"));
            Param<?> target = null;
            int dot = name.indexOf('.');
            if (dot >= 0) {
                String stageName = name.substring(0, dot);
                SweepSpec.Stage stage = byName.get(stageName);
                if (stage == null && brokenStages.contains(stageName)) {
                    ok = false;
                    continue;
                }
                if (stage == null) {
                    errors.add(path + ": no stage named \"" + stageName + "\" in the pipeline"
                        + NearestNames.suggest(stageName, byName.keySet()) + " (line " + pm.line() + ")");
                    ok = false;
                    continue;
                }
                target = findParam(stage.stage(), stage.type(), name.substring(dot + 1), path, pm);
                if (target == null) {
                    ok = false;
                    continue;
                }
            }
            Distribution d = distribution(pm, path, target);
            if (d == null) {
                ok = false;
                continue;
            }
            String parent = null;
            List<Object> parentValues = null;
            Node when = pm.entries().get("when");
            if (when != null) {
                MapNode wm = map(when, path + ".when");
                if (wm == null || wm.entries().size() != 1) {
                    if (wm != null) {
                        error(path + ".when", when, "one parent parameter and its value(s), e.g. {model: lr}");
                    }
                    ok = false;
                    continue;
                }
                Map.Entry<String, Node> w = wm.entries().entrySet().iterator().next();
                parent = w.getKey();
                parentValues = new ArrayList<>();
                if (w.getValue() instanceof ListNode wl) {
                    for (Node x : wl.items()) {
                        parentValues.add(((Scalar) x).value());
                    }
                } else if (w.getValue() instanceof Scalar ws) {
                    parentValues.add(ws.value());
                }
            }
            try {
                b.add(new ParamSpec(name, d, parent, parentValues));
            } catch (IllegalArgumentException | InvalidArgumentException ex) {
                errors.add(path + ".when: " + ex.getMessage() + " (line " + (when != null ? when.line() : pm.line())
                    + ")");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | InvalidArgumentException ex) {
            errors.add("space: " + ex.getMessage() + " (line " + m.line() + ")");
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Distribution distribution(MapNode pm, String path, Param target) {
        String type = string(pm, "type", path + ".type", null);
        if (type == null) {
            if (!pm.entries().containsKey("type")) {
                errors.add(path + ".type: missing, expected choice, uniform, loguniform, int or intlog (line "
                    + pm.line() + ")");
            }
            return null;
        }
        String valueType = target == null ? null : target.type().name();
        switch (type) {
            case "choice" -> {
                Node vn = required(pm, "values", path);
                if (!(vn instanceof ListNode l) || l.items().isEmpty()) {
                    if (vn != null) {
                        error(path + ".values", vn, "a non-empty list");
                    }
                    return null;
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < l.items().size(); i++) {
                    Node item = l.items().get(i);
                    Object v = item instanceof Scalar s ? s.value() : null;
                    if (target != null) {
                        try {
                            v = target.type().fromJson(YamlTree.toJson(item), target.name());
                            target.validate(v);
                        } catch (IllegalArgumentException | InvalidArgumentException e) {
                            error(path + ".values[" + i + "]", item, target.type() + " " + describe(target));
                            return null;
                        }
                    }
                    values.add(v);
                }
                try {
                    return new Distribution.Choice(values);
                } catch (IllegalArgumentException | InvalidArgumentException e) {
                    error(path + ".values", vn, "distinct values");
                    return null;
                }
            }
            case "uniform", "loguniform", "int", "intlog" -> {
                boolean integer = type.startsWith("int");
                if (valueType != null && (integer ? !List.of("int", "long").contains(valueType)
                    : !"double".equals(valueType))) {
                    error(path + ".type", pm.entries().get("type"), (valueType.equals("double")
                        ? "uniform, loguniform or choice" : List.of("int", "long").contains(valueType)
                        ? "int, intlog or choice" : "choice") + " for " + target.name() + ", a " + valueType
                        + " param");
                    return null;
                }
                Double low = number(pm, "low", path + ".low", null);
                Double high = number(pm, "high", path + ".high", null);
                if (!pm.entries().containsKey("low")) {
                    errors.add(path + ".low: missing, expected a number (line " + pm.line() + ")");
                }
                if (!pm.entries().containsKey("high")) {
                    errors.add(path + ".high: missing, expected a number (line " + pm.line() + ")");
                }
                if (low == null || high == null) {
                    return null;
                }
                boolean log = type.endsWith("log") || type.equals("loguniform");
                if (log && !(low > (integer ? 0.5 : 0))) {
                    error(path + ".low", pm.entries().get("low"), (integer ? ">= 1" : "> 0") + " for " + type);
                    return null;
                }
                if (!(low < high || integer && low.equals(high))) {
                    error(path + ".high", pm.entries().get("high"), "> low (" + fmt(low) + ")");
                    return null;
                }
                if (integer && (low != Math.rint(low) || high != Math.rint(high))) {
                    error(path + ".low", pm.entries().get("low"), "integers for " + type);
                    return null;
                }
                if (target != null) {
                    for (String end : List.of("low", "high")) {
                        double v = end.equals("low") ? low : high;
                        try {
                            target.validate(integer ? (Object) (valueType.equals("long") ? (Object) (long) v
                                : (Object) (int) v) : (Object) v);
                        } catch (IllegalArgumentException | InvalidArgumentException e) {
                            error(path + "." + end, pm.entries().get(end), "a valid " + target.name() + " "
                                + describe(target));
                            return null;
                        }
                    }
                }
                return switch (type) {
                    case "uniform" -> new Distribution.Uniform(low, high);
                    case "loguniform" -> new Distribution.LogUniform(low, high);
                    case "int" -> new Distribution.IntUniform((int) (double) low, (int) (double) high);
                    default -> new Distribution.IntLog((int) (double) low, (int) (double) high);
                };
            }
            default -> {
                errors.add(path + ".type: found \"" + type + "\", expected choice, uniform, loguniform, int or intlog"
                    + NearestNames.suggest(type, List.of("choice", "uniform", "loguniform", "int", "intlog"), false)
                    + " (line " + pm.entries().get("type").line() + ")");
                return null;
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private SweepSpec.Strategy strategy(Node n) {
        if (n == null) {
            return new SweepSpec.Strategy("tpe", TpeSampler.DEFAULT_STARTUP_TRIALS, TpeSampler.DEFAULT_EI_CANDIDATES,
                true, GridSampler.DEFAULT_POINTS);
        }
        MapNode m = map(n, "strategy");
        if (m == null) {
            return null;
        }
        keys(m, "strategy", Set.of("type", "startupTrials", "eiCandidates", "multivariate", "gridPoints"));
        String type = string(m, "type", "strategy.type", "tpe");
        if (type != null && !List.of("grid", "random", "tpe").contains(type)) {
            errors.add("strategy.type: found \"" + type + "\", expected grid, random or tpe"
                + NearestNames.suggest(type, List.of("grid", "random", "tpe"), false) + " (line "
                + m.entries().get("type").line() + ")");
        }
        return new SweepSpec.Strategy(type,
            integer(m, "startupTrials", "strategy.startupTrials", TpeSampler.DEFAULT_STARTUP_TRIALS, 1),
            integer(m, "eiCandidates", "strategy.eiCandidates", TpeSampler.DEFAULT_EI_CANDIDATES, 1),
            bool(m, "multivariate", "strategy.multivariate", true),
            integer(m, "gridPoints", "strategy.gridPoints", GridSampler.DEFAULT_POINTS, 2));
    }

    private Pruner earlyStopping(Node n, List<SweepSpec.Stage> pipeline, SweepSpec.Data data) {
        if (n == null) {
            return Pruner.NONE;
        }
        MapNode m = map(n, "earlyStopping");
        if (m == null) {
            return Pruner.NONE;
        }
        keys(m, "earlyStopping", Set.of("type", "startupTrials", "warmupSteps", "intervalSteps", "minResource",
            "maxResource", "reductionFactor"));
        String type = string(m, "type", "earlyStopping.type", null);
        if (type == null) {
            errors.add("earlyStopping.type: missing, expected median, asha or none (line " + m.line() + ")");
            return Pruner.NONE;
        }
        if (data != null && data.folds() > 0 && !type.equals("none")) {
            error("earlyStopping.type", m.entries().get("type"), "none with data.split.folds (stopping reads "
                + "per-iteration validation metrics, which a train/validation split gives)");
        }
        int maxIter = 100;
        if (!pipeline.isEmpty() && !lastStageBroken) {
            PipelineStage last = pipeline.get(pipeline.size() - 1).stage();
            if (last.params().stream().noneMatch(p -> p.name().equals("maxIter"))) {
                error("earlyStopping.type", m.entries().get("type"), "none: the last stage " + pipeline.get(
                    pipeline.size() - 1).type() + " has no maxIter, so there is no resource to stop on");
                return Pruner.NONE;
            }
            maxIter = ((Number) last.get(last.param("maxIter"))).intValue();
        }
        switch (type) {
            case "none" -> {
                return Pruner.NONE;
            }
            case "median" -> {
                return new MedianPruner(integer(m, "startupTrials", "earlyStopping.startupTrials", 5, 0),
                    integer(m, "warmupSteps", "earlyStopping.warmupSteps", 0, 0),
                    integer(m, "intervalSteps", "earlyStopping.intervalSteps", 1, 1));
            }
            case "asha" -> {
                int min = integer(m, "minResource", "earlyStopping.minResource", 1, 1);
                int max = integer(m, "maxResource", "earlyStopping.maxResource", maxIter, 1);
                int eta = integer(m, "reductionFactor", "earlyStopping.reductionFactor", 3, 2);
                if (max < min) {
                    error("earlyStopping.maxResource", m.entries().getOrDefault("maxResource", m),
                        ">= minResource (" + min + ")");
                    return Pruner.NONE;
                }
                return new AshaPruner(min, max, eta);
            }
            default -> {
                errors.add("earlyStopping.type: found \"" + type + "\", expected median, asha or none"
                    + NearestNames.suggest(type, List.of("median", "asha", "none"), false) + " (line "
                    + m.entries().get("type").line() + ")");
                return Pruner.NONE;
            }
        }
    }

    private SweepSpec.Objective objective(Node n) {
        MapNode m = map(n, "objective");
        if (m == null) {
            return null;
        }
        keys(m, "objective", Set.of("metric", "direction"));
        String metric = string(m, "metric", "objective.metric", null);
        if (metric == null) {
            if (!m.entries().containsKey("metric")) {
                errors.add("objective.metric: missing, expected one of " + METRICS.keySet() + " (line " + m.line()
                    + ")");
            }
            return null;
        }
        String family = METRICS.get(metric);
        if (family == null) {
            errors.add("objective.metric: found \"" + metric + "\", expected an evaluator metric"
                + NearestNames.suggest(metric, METRICS.keySet()) + " (line " + m.entries().get("metric").line()
                + ")");
            return null;
        }
        Evaluator ev = switch (family) {
            case "binary" -> new BinaryClassificationEvaluator().with(BinaryClassificationEvaluator.METRIC_NAME,
                metric);
            case "multiclass" -> new MulticlassClassificationEvaluator()
                .with(MulticlassClassificationEvaluator.METRIC_NAME, metric);
            default -> new RegressionEvaluator().with(RegressionEvaluator.METRIC_NAME, metric);
        };
        Direction dir = ev.isLargerBetter() ? Direction.MAXIMIZE : Direction.MINIMIZE;
        String d = string(m, "direction", "objective.direction", null);
        if (d != null) {
            try {
                dir = Direction.valueOf(d.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | InvalidArgumentException e) {
                error("objective.direction", m.entries().get("direction"), "minimize or maximize");
            }
        }
        return new SweepSpec.Objective(metric, dir, ev);
    }

    private Budget budget(Node n) {
        if (n == null) {
            return Budget.trials(20);
        }
        MapNode m = map(n, "budget");
        if (m == null) {
            return null;
        }
        keys(m, "budget", Set.of("trials", "wallTime", "maxFailedTrials"));
        int trials = integer(m, "trials", "budget.trials", 20, 1);
        Duration wall = null;
        Node w = m.entries().get("wallTime");
        if (w != null) {
            wall = duration(w, "budget.wallTime");
        }
        int failed = integer(m, "maxFailedTrials", "budget.maxFailedTrials", Integer.MAX_VALUE, 0);
        return new Budget(trials, wall, failed);
    }

    private Duration duration(Node n, String path) {
        String s = scalarString(n, path);
        if (s == null) {
            return null;
        }
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\\d+)\\s*(s|m|h)").matcher(s.trim());
        if (mm.matches()) {
            long v = Long.parseLong(mm.group(1));
            Duration d = switch (mm.group(2)) {
                case "s" -> Duration.ofSeconds(v);
                case "m" -> Duration.ofMinutes(v);
                default -> Duration.ofHours(v);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        try {
            Duration d = Duration.parse(s.trim());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        error(path, n, "a positive duration such as 90s, 10m, 2h or PT1H30M");
        return null;
    }

    private SweepSpec.Tracking tracking(Node n, String name) {
        if (n == null) {
            return null;
        }
        MapNode m = map(n, "tracking");
        if (m == null) {
            return null;
        }
        keys(m, "tracking", Set.of("experiment", "parentRun", "registerBest"));
        String experiment = string(m, "experiment", "tracking.experiment", "sweeps");
        String parent = string(m, "parentRun", "tracking.parentRun", name);
        String reg = null;
        String alias = null;
        Node r = m.entries().get("registerBest");
        if (r != null) {
            MapNode rm = map(r, "tracking.registerBest");
            if (rm != null) {
                keys(rm, "tracking.registerBest", Set.of("name", "alias"));
                reg = string(rm, "name", "tracking.registerBest.name", null);
                alias = string(rm, "alias", "tracking.registerBest.alias", null);
                if (reg == null) {
                    errors.add("tracking.registerBest.name: missing, expected a model name (line " + rm.line() + ")");
                }
            }
        }
        return new SweepSpec.Tracking(experiment, parent, reg, alias);
    }

    // ---------------------------------------------------------------- helpers

    private void error(String path, Node at, String expected) {
        errors.add(path + ": found " + (at == null ? "nothing" : YamlTree.show(at)) + ", expected " + expected
            + (at == null ? "" : " (line " + at.line() + ")"));
    }

    private MapNode map(Node n, String path) {
        if (n == null) {
            return null;
        }
        if (n instanceof MapNode m) {
            return m;
        }
        error(path, n, "a mapping");
        return null;
    }

    private Node required(MapNode m, String key, String path) {
        if (m == null) {
            return null;
        }
        Node n = m.entries().get(key);
        if (n == null) {
            errors.add((path.isEmpty() ? "" : path + ".") + key + ": missing (" + (path.isEmpty() ? "top level"
                : path) + " at line " + m.line() + ")");
        }
        return n;
    }

    private void keys(MapNode m, String path, Set<String> allowed) {
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                errors.add((path.isEmpty() ? "" : path + ".") + e.getKey() + ": unknown key"
                    + NearestNames.suggest(e.getKey(), allowed) + " (line " + e.getValue().line() + ")");
            }
        }
    }

    private String scalarString(Node n, String path) {
        if (n instanceof Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            return s.value().toString();
        }
        error(path, n, "a string");
        return null;
    }

    private String string(MapNode m, String key, String path, String def) {
        Node n = m.entries().get(key);
        return n == null ? def : scalarString(n, path);
    }

    private Double number(MapNode m, String key, String path, Double def) {
        Node n = m.entries().get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof Scalar s && s.value() instanceof Number num) {
            return num.doubleValue();
        }
        if (n instanceof Scalar s && s.value() instanceof String str) {
            try {
                return Double.parseDouble(str.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(path, n, "a number");
        return null;
    }

    private int integer(MapNode m, String key, String path, int def, int min) {
        Node n = m.entries().get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof Scalar s && s.value() instanceof Integer i) {
            if (i >= min) {
                return i;
            }
            error(path, n, "an integer >= " + min);
            return def;
        }
        error(path, n, "an integer >= " + min);
        return def;
    }

    private long longValue(MapNode m, String key, long def) {
        Node n = m.entries().get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof Scalar s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            return ((Number) s.value()).longValue();
        }
        error(key, n, "an integer");
        return def;
    }

    private boolean bool(MapNode m, String key, String path, boolean def) {
        Node n = m.entries().get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        error(path, n, "true or false");
        return def;
    }
}
