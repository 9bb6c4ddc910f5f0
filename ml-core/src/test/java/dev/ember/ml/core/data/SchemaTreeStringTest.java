package dev.ember.ml.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaTreeStringTest {
    @Test
    void shouldPrintOneColumnALineAsSparksPrintSchemaDoes() {
        Schema s = Schema.of(Field.of("diagnosis", DataType.STRING, true), Field.of("mean_radius", DataType.DOUBLE, false),
            Field.vector("features", 30, DataType.FLOAT));
        assertEquals("""
            root
             |-- diagnosis: string (nullable = true)
             |-- mean_radius: double (nullable = false)
             |-- features: vector<float,30> (nullable = false)
            """, s.treeString());
    }

    @Test
    void shouldPrintOnlyTheRootOfAnEmptySchema() {
        assertEquals("root\n", Schema.of().treeString());
    }
}
