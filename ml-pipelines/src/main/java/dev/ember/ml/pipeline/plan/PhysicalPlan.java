package dev.ember.ml.pipeline.plan;

import java.util.List;

/**
 * How a pipeline fit runs: passes over the source through fused row maps, each gathering the statistics of the
 * estimator it serves in one shared aggregate (and building the cache of an iterative estimator's input), the
 * fits, and the release of automatic caches.
 *
 * @param labels the stages' labels ({@code Name#index}), by stage index
 * @param steps the steps, in order
 */
public record PhysicalPlan(List<String> labels, List<PhysicalStep> steps) {

    /** Copies the lists. */
    public PhysicalPlan {
        labels = List.copyOf(labels);
        steps = List.copyOf(steps);
    }

    /** @return the number of passes over the source the plan makes (a cached source read counts as a pass) */
    public int sourcePasses() {
        return (int) steps.stream().filter(PhysicalPlan::isPass).count();
    }

    static boolean isPass(PhysicalStep s) {
        return s.kind() == PhysicalStep.Kind.PASS && !s.statistics().isEmpty();
    }

    /** @return one step per line */
    public String render() {
        StringBuilder sb = new StringBuilder();
        int pass = 0;
        for (PhysicalStep s : steps) {
            sb.append("  ").append(renderStep(s, isPass(s) ? ++pass : pass)).append('\n');
        }
        return sb.toString();
    }

    String renderStep(PhysicalStep s, int pass) {
        return switch (s.kind()) {
            case PASS -> {
                String from = s.readsFrom() < 0 ? "Source" : "Retained[" + labels.get(s.readsFrom()) + " input]";
                StringBuilder sb = new StringBuilder(isPass(s) ? "Pass " + pass + ": " + from
                    : "Input of " + labels.get(s.estimator()) + ": " + from);
                if (!s.fused().isEmpty() || !s.keep().isEmpty()) {
                    sb.append(" -> FusedMap[");
                    for (int i = 0; i < s.fused().size(); i++) {
                        sb.append(i == 0 ? "" : " -> ").append(labels.get(s.fused().get(i)));
                    }
                    sb.append("] keep ").append(s.keep());
                }
                if (s.cache()) {
                    sb.append(s.retain() ? " -> Cache (retained)" : " -> Cache");
                } else if (s.retain()) {
                    sb.append(" -> Retain");
                }
                if (isPass(s)) {
                    sb.append(" -> SharedStatistics").append(s.statistics());
                }
                if (!s.note().isEmpty()) {
                    sb.append("  -- ").append(s.note());
                }
                yield sb.toString();
            }
            case DERIVE -> "Derive statistics of " + labels.get(s.estimator()) + " " + s.statistics()
                + " from pass " + pass + " through the fitted " + labels.get(s.derivedFrom()) + " (no pass)";
            case FIT -> "Fit " + labels.get(s.estimator()) + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
            case UNPERSIST -> "Unpersist cache of pass " + pass + " (automatic, after the fit of "
                + labels.get(s.estimator()) + ")";
            case RELEASE -> "Release retained input of " + labels.get(s.readsFrom()) + " (read by the pass of "
                + labels.get(s.estimator()) + ")";
        };
    }
}
