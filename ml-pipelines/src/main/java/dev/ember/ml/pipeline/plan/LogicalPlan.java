package dev.ember.ml.pipeline.plan;

import java.util.List;

/**
 * What a pipeline fit computes, before any rewriting and with nothing computed: the source, each stage's row-wise
 * map with the columns it reads and writes, each estimator's declared statistics, cache points and fits, in
 * stage order.
 *
 * @param nodes the nodes, in order
 */
public record LogicalPlan(List<LogicalNode> nodes) {

    /** Copies the list. */
    public LogicalPlan {
        nodes = List.copyOf(nodes);
    }

    /** @return one node per line */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (LogicalNode n : nodes) {
            sb.append("  ").append(n.render()).append('\n');
        }
        return sb.toString();
    }
}
