package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad definitions and inputs fail before any join, naming the reference, view, feature or column at fault. */
class FeatureStoreErrorsTest {
    private static Runtime rt;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(1));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
    }

    private FeatureStore store(FeatureView.Builder view) throws Exception {
        Files.copy(TestData.repoRoot().resolve("examples/data/stocks/stocks.csv"), dir.resolve("stocks.csv"));
        return new FeatureStore(FeatureRepository.of(dir, List.of(Entity.of("ticker",
            new JoinKey("symbol", DataType.STRING))), List.of(view.entities("ticker")
            .source(FeatureSource.csv("stocks.csv", "date")).build())), rt);
    }

    private static Frame entities(String keyName) {
        ColumnBuilder t = new ColumnBuilder(Field.of("event_timestamp", DataType.TIMESTAMP, false), 1);
        t.appendLong(1_262_304_000_000_000L);
        return Frame.ofColumns(rt, ColumnBuilder.ofStrings(keyName, "IBM"), t.build());
    }

    private static String fail(Runnable r) {
        return assertThrows(InvalidArgumentException.class, r::run).getMessage();
    }

    @Test
    void shouldNameWhatIsWrongBeforeAnyJoin() throws Exception {
        FeatureStore s = store(FeatureView.builder("prices").feature("price", "price")
            .feature("bad", "price + symbol"));
        String m = fail(() -> s.historicalFeatures(entities("symbol"), List.of("prices:nope")));
        assertTrue(m.contains("'prices:nope'") && m.contains("no feature 'nope'") && m.contains("price"), m);
        m = fail(() -> s.historicalFeatures(entities("symbol"), List.of("prices")));
        assertTrue(m.contains("expected view:feature"), m);
        m = fail(() -> s.historicalFeatures(entities("sym"), List.of("prices:price")));
        assertTrue(m.contains("join key column 'symbol' of view 'prices' is missing"), m);
        m = fail(() -> s.historicalFeatures(entities("symbol"), List.of("other:price")));
        assertTrue(m.contains("feature view 'other' is not defined"), m);
        m = fail(() -> s.historicalFeatures(entities("symbol"), List.of("prices:bad")));
        assertTrue(m.contains("feature view 'prices' feature 'bad'") && m.contains("price + symbol"), m);
        m = fail(() -> s.historicalFeatures(entities("symbol"), List.of("prices:price"),
            HistoricalOptions.defaults().withTimestampColumn("when")));
        assertTrue(m.contains("entity frame") && m.contains("'when'"), m);
    }

    @Test
    void shouldRejectInvalidDefinitionsWithTheirNames() {
        String m = fail(() -> FeatureView.builder("v").entities("e").source(FeatureSource.csv("x.csv", "t"))
            .feature("a", "x").feature("a", "y").build());
        assertTrue(m.contains("feature view 'v'") && m.contains("'a' repeats"), m);
        m = fail(() -> FeatureView.builder("v").entities("e").source(FeatureSource.csv("x.csv", "t"))
            .feature("a", "x").ttl("-3d").build());
        assertTrue(m.contains("feature view 'v' ttl"), m);
        m = fail(() -> new JoinKey("k", DataType.DOUBLE));
        assertTrue(m.contains("join key 'k'") && m.contains("expected string, long or int"), m);
        m = fail(() -> FeatureRepository.of(Path.of("."), List.of(), List.of(FeatureView.builder("v")
            .entities("missing").source(FeatureSource.csv("x.csv", "t")).feature("a", "x").build())));
        assertTrue(m.contains("feature view 'v': entity 'missing' is not defined"), m);
        m = fail(() -> new dev.ember.ml.features.materialize.Schedules("61 * * * *", "v"));
        assertTrue(m.contains("feature view 'v': schedule '61 * * * *'"), m);
    }
}
