package dev.ember.ml.core.expr;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The registered map kernels that evaluate expressions: {@link Filter} and {@link WithColumn}. Their params carry
 * the typed tree as JSON ({@code expr}, see {@link ExprJson}), typed again against the partition read, so they run
 * the same in-process and on executors.
 */
public final class ExprKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(Filter.class, Filter::new);
        registry.registerMap(WithColumn.class, WithColumn::new);
    }

    /**
     * @param expr a typed tree
     * @return params for {@link Filter}
     */
    public static KernelParams filterParams(Expr expr) {
        return KernelParams.builder().put("expr", ExprJson.toJson(expr)).build();
    }

    /**
     * @param name the output column
     * @param expr a typed tree
     * @return params for {@link WithColumn}
     */
    public static KernelParams withColumnParams(String name, Expr expr) {
        return KernelParams.builder().put("name", name).put("expr", ExprJson.toJson(expr)).build();
    }

    /** Keeps the rows where the boolean {@code expr} is true (false and null rows are dropped). */
    public static final class Filter implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Expr e = ExprJson.fromJson(params.getString("expr"), input.schema());
            boolean[] keep = VectorEvaluator.mask(e, input);
            for (boolean k : keep) {
                if (!k) {
                    return input.filter(keep);
                }
            }
            return input.reindexed(input.index());
        }
    }

    /** Adds column {@code name} computed by {@code expr}, or replaces it in place if it exists. */
    public static final class WithColumn implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String name = params.getString("name");
            Expr e = ExprJson.fromJson(params.getString("expr"), input.schema());
            Column out = VectorEvaluator.column(e, input, name);
            if (!input.schema().contains(name)) {
                return input.withColumns(List.of(out));
            }
            List<Column> cols = new ArrayList<>();
            for (Column c : input.columns()) {
                cols.add(c.name().equals(name) ? out : c.share());
            }
            return new Partition(input.index(), cols, input.numRows()).withOrigin(input.origin());
        }
    }
}
