package dev.ember.ml.features.materialize;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;

import java.util.ArrayList;
import java.util.List;

/** Map kernels of materialization jobs. */
public final class MaterializeKernels implements KernelProvider {
    /** For the service loader. */
    public MaterializeKernels() {
    }

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(TimeRangeSelect.class, TimeRangeSelect::new);
    }

    /**
     * Keeps the rows whose time column ({@code tsColumn}, micros) lies in {@code [from, to)} and projects and renames
     * columns ({@code columns} to {@code names}). Rows with a null time are dropped.
     */
    public static final class TimeRangeSelect implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Column ts = input.column(params.getString("tsColumn"));
            long from = params.getLong("from");
            long to = params.getLong("to");
            boolean[] keep = new boolean[input.numRows()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = !ts.isNull(i) && ts.getLong(i) >= from && ts.getLong(i) < to;
            }
            String[] cols = params.getStringArray("columns");
            String[] names = params.getStringArray("names");
            try (Partition kept = input.filter(keep)) {
                List<Column> out = new ArrayList<>();
                for (int c = 0; c < cols.length; c++) {
                    out.add(kept.column(cols[c]).renamed(names[c]));
                }
                return new Partition(input.index(), out, kept.numRows());
            }
        }
    }

    /**
     * @param params the kernel parameters
     * @return them (for symmetry with other kernels' builders)
     */
    static KernelParams params(String tsColumn, long from, long to, String[] columns, String[] names) {
        return KernelParams.builder().put("tsColumn", tsColumn).put("from", from).put("to", to)
            .put("columns", columns).put("names", names).build();
    }
}
