package dev.ember.ml.registry;

import dev.ember.ml.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelUriTest {

    @Test
    void shouldParseEveryForm() {
        ModelUri run = ModelUri.parse("runs:/4f1c0e9b2a7d4c3e8f6a5b4c3d2e1f0a/model/");
        assertEquals(ModelUri.Kind.RUN, run.kind());
        assertEquals("4f1c0e9b2a7d4c3e8f6a5b4c3d2e1f0a", run.runId());
        assertEquals("model", run.path());
        assertEquals("", ModelUri.parse("runs:/abc").path());
        ModelUri version = ModelUri.parse("models:/churn/12");
        assertEquals(ModelUri.Kind.VERSION, version.kind());
        assertEquals("churn", version.name());
        assertEquals(12, version.version());
        ModelUri alias = ModelUri.parse("models:/churn@champion");
        assertEquals(ModelUri.Kind.ALIAS, alias.kind());
        assertEquals("champion", alias.alias());
        assertEquals(ModelUri.Kind.LATEST, ModelUri.parse("models:/churn/latest").kind());
        assertEquals(ModelUri.Kind.LOCATION, ModelUri.parse("mlflow-artifacts:/1/abc/artifacts/model").kind());
        assertEquals(ModelUri.Kind.LOCATION, ModelUri.parse("/tmp/model").kind());
    }

    @Test
    void shouldSayWhichFormsAreExpected() {
        InvalidArgumentException stage = assertThrows(InvalidArgumentException.class,
            () -> ModelUri.parse("models:/churn/Production"));
        assertTrue(stage.getMessage().contains("found version 'Production'"), stage.getMessage());
        InvalidArgumentException zero = assertThrows(InvalidArgumentException.class,
            () -> ModelUri.parse("models:/churn/0"));
        assertTrue(zero.getMessage().contains("from 1"), zero.getMessage());
        InvalidArgumentException runs = assertThrows(InvalidArgumentException.class, () -> ModelUri.parse("runs:"));
        assertTrue(runs.getMessage().contains("expected runs:/<run-id>/<path>"), runs.getMessage());
        assertThrows(InvalidArgumentException.class, () -> ModelUri.parse("models:/"));
        assertThrows(InvalidArgumentException.class, () -> ModelUri.parse(" "));
    }
}
