package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a stage reads and writes, from its params and schemas: reads are the values of its column params
 * ({@code inputCol}, {@code inputCols}, {@code featuresCol}, {@code labelCol}, {@code weightCol}, and any other
 * {@code ...Col}/{@code ...Cols} param that is not an output); writes are the columns its output schema adds or
 * replaces. A stage with no column params is taken to read every column, which only makes pruning keep more.
 */
final class ColumnUsage {
    private ColumnUsage() {
    }

    /**
     * @param stage a stage
     * @param input its input schema
     * @return the columns it reads (present in the input), or empty if unknown (then: all)
     */
    static Optional<List<String>> reads(PipelineStage stage, Schema input) {
        Set<String> out = new LinkedHashSet<>();
        boolean any = false;
        for (Param<?> p : stage.params()) {
            String name = p.name();
            String lower = name.toLowerCase(Locale.ROOT);
            boolean columnParam = name.endsWith("Col") || name.endsWith("Cols");
            boolean output = lower.startsWith("output") || lower.contains("prediction")
                || lower.contains("probability");
            if (!columnParam || output) {
                continue;
            }
            any = true;
            Object v = stage.get(p);
            if (v instanceof String s && !s.isEmpty() && input.contains(s)) {
                out.add(s);
            } else if (v instanceof String[] a) {
                for (String s : a) {
                    if (input.contains(s)) {
                        out.add(s);
                    }
                }
            }
        }
        return any ? Optional.of(new ArrayList<>(out)) : Optional.empty();
    }

    /**
     * @param input a stage's input schema
     * @param output its output schema
     * @return the columns the output adds or whose field changed
     */
    static List<String> writes(Schema input, Schema output) {
        List<String> out = new ArrayList<>();
        for (String n : output.names()) {
            if (!input.contains(n) || !input.field(n).equals(output.field(n))) {
                out.add(n);
            }
        }
        return out;
    }
}
