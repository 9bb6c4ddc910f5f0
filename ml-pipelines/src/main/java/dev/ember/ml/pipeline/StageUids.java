package dev.ember.ml.pipeline;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the stages of a pipeline, nested pipelines included, have distinct uids: a per-call param map is
 * keyed by stage uid, so two stages sharing one could not be given different values.
 */
final class StageUids {
    private StageUids() {
    }

    /**
     * @param owner the pipeline (or pipeline model) being built
     * @param stages its direct stages
     * @throws InvalidArgumentException naming the uid that occurs twice and where
     */
    static void requireUnique(PipelineStage owner, List<? extends PipelineStage> stages) {
        Map<String, String> seen = new HashMap<>();
        seen.put(owner.uid(), "the pipeline itself");
        collect(owner.uid(), stages, seen);
    }

    private static void collect(String path, List<? extends PipelineStage> stages, Map<String, String> seen) {
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage s = stages.get(i);
            String where = path + " stage " + i;
            String before = seen.putIfAbsent(s.uid(), where);
            if (before != null) {
                throw new InvalidArgumentException("duplicate stage uid " + s.uid() + ": found at " + where
                    + " and at " + before + ", expected distinct uids (per-call params are keyed by uid; add a new"
                    + " instance, not the same stage twice)");
            }
            List<? extends PipelineStage> children = s.childStages();
            if (!children.isEmpty()) {
                collect(where + " (" + s.uid() + ")", children, seen);
            }
        }
    }
}
