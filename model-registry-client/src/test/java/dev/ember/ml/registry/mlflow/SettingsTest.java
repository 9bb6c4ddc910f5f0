package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void shouldAuthenticateAsMlflowDoesAndNeverPrintTheSecrets() {
        Settings both = Settings.from(Map.of("MLFLOW_TRACKING_USERNAME", "ann", "MLFLOW_TRACKING_PASSWORD", "s3cret",
            "MLFLOW_TRACKING_TOKEN", "tok-123"), k -> null);
        assertEquals("Basic YW5uOnMzY3JldA==", both.authorization(), "basic auth wins over a token, as in MLflow");
        Settings token = Settings.from(Map.of("MLFLOW_TRACKING_TOKEN", "tok-123"), k -> null);
        assertEquals("Bearer tok-123", token.authorization());
        assertNull(Settings.from(Map.of(), k -> null).authorization());
        for (Settings s : new Settings[] {both, token}) {
            assertFalse(s.toString().contains("s3cret") || s.toString().contains("tok-123"), s.toString());
        }
        assertTrue(both.toString().contains("auth=basic"));
    }

    @Test
    void shouldReadTimeoutsAndTheSpoolAndRejectNonsense() {
        Settings s = Settings.from(Map.of("EMBER_TRACKING_SPOOL", "/tmp/spool-a"),
            k -> k.equals("ember.tracking.requestTimeoutMillis") ? "1234" : null);
        assertEquals(1234, s.requestTimeoutMillis());
        assertTrue(s.spoolDir().toString().endsWith("spool-a"));
        Settings p = Settings.from(Map.of("EMBER_TRACKING_SPOOL", "/tmp/spool-a"),
            k -> k.equals("ember.tracking.spool") ? "/tmp/spool-b" : null);
        assertTrue(p.spoolDir().toString().endsWith("spool-b"), "the property wins over the environment");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Settings.from(Map.of(),
            k -> k.equals("ember.tracking.flushTimeoutMillis") ? "soon" : null));
        assertTrue(e.getMessage().contains("found 'soon'"), e.getMessage());
    }
}
