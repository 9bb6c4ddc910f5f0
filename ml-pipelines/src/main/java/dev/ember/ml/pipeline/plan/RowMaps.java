package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.MappedSource;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.SourceIds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finds the registered map kernels a transformer's {@code transform} records, without computing anything: the
 * transformer is applied to a placeholder node of the input schema and the lineage it builds is read back. A
 * transformer whose lineage is not a chain of {@link MappedSource}s over its input (or that computes eagerly) is
 * not fusible and is applied as it is.
 */
final class RowMaps {
    private RowMaps() {
    }

    /**
     * @param transformer a transformer or fitted model
     * @param input the schema it will receive
     * @param runtime the runtime whose kernels it uses
     * @return its kernels in order, or empty if it cannot be fused
     */
    static Optional<List<MapStep>> of(Transformer transformer, Schema input, Runtime runtime) {
        Placeholder placeholder = new Placeholder(input);
        Frame out;
        try {
            out = transformer.transform(new Frame(placeholder, runtime));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<MapStep> steps = new ArrayList<>();
        PartitionSource s = out.source();
        while (s != placeholder) {
            if (!(s instanceof MappedSource m)) {
                return Optional.empty();
            }
            steps.add(new MapStep(m.call(), runtime.kernels().resolve(m.call()), m.schema()));
            s = m.parents().get(0);
        }
        Collections.reverse(steps);
        return Optional.of(steps);
    }

    /** A node of a given schema that is never computed. */
    private static final class Placeholder implements PartitionSource {
        private final String id = SourceIds.next("placeholder");
        private final Schema schema;

        Placeholder(Schema schema) {
            this.schema = schema;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public int numPartitions() {
            return 1;
        }

        @Override
        public Partition compute(int index, PartitionResolver resolver) {
            throw new InvalidStateException("a plan placeholder is never computed");
        }

        @Override
        public List<PartitionSource> parents() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Placeholder " + schema;
        }
    }
}
