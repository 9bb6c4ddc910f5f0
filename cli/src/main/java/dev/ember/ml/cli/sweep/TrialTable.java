package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.InvalidStateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.pipeline.sweep.TrialRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Renders trials as an aligned table, JSON or CSV ({@code --format}). */
public final class TrialTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrialTable() {
    }

    /**
     * @param trials the trials
     * @param format table, json or csv
     * @return the rendering
     */
    public static String render(List<TrialRecord> trials, String format) {
        Set<String> params = new LinkedHashSet<>();
        trials.forEach(t -> params.addAll(t.params().keySet()));
        List<String> header = new ArrayList<>(List.of("trial", "state", "value", "step", "seconds"));
        header.addAll(params);
        List<List<String>> rows = new ArrayList<>();
        for (TrialRecord t : trials) {
            List<String> r = new ArrayList<>();
            r.add(Integer.toString(t.number()));
            r.add(t.state().name());
            r.add(Double.isNaN(t.value()) ? "" : String.format(Locale.ROOT, "%.6g", t.value()));
            r.add(t.lastStep() < 0 ? "" : Integer.toString(t.lastStep()));
            r.add(t.endMillis() == 0 ? "" : String.format(Locale.ROOT, "%.2f", t.durationMillis() / 1000.0));
            for (String p : params) {
                Object v = t.params().get(p);
                r.add(v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v.toString());
            }
            rows.add(r);
        }
        return switch (format) {
            case "json" -> json(trials);
            case "csv" -> csv(header, rows);
            default -> table(header, rows);
        };
    }

    private static String json(List<TrialRecord> trials) {
        ArrayNode a = JSON.createArrayNode();
        for (TrialRecord t : trials) {
            ObjectNode o = a.addObject();
            o.put("trial", t.number());
            o.put("state", t.state().name());
            if (Double.isFinite(t.value())) {
                o.put("value", t.value());
            } else {
                o.putNull("value");
            }
            o.set("params", JSON.valueToTree(t.params()));
            ObjectNode iv = o.putObject("intermediates");
            t.intermediates().forEach((k, v) -> iv.put(Integer.toString(k), v));
            if (t.error() != null) {
                o.put("error", t.error());
            }
            o.put("startMillis", t.startMillis());
            o.put("endMillis", t.endMillis());
        }
        try {
            return JSON.writeValueAsString(a);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidStateException("trials as JSON: " + e.getMessage(), e);
        }
    }

    private static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> r : rows) {
            List<String> q = new ArrayList<>();
            for (String c : r) {
                q.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
            }
            sb.append(String.join(",", q)).append('\n');
        }
        return sb.toString();
    }

    private static String table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-" + w[i] + "s", cells.get(i)));
            sb.append(i + 1 < cells.size() ? "  " : "");
        }
        sb.append('\n');
    }
}
