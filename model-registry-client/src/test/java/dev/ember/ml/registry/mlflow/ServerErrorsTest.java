package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.Models;
import dev.ember.ml.registry.RegistryException;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input against a real MLflow server: errors name the URI and carry the server's status, code and message.
 */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class ServerErrorsTest {

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void shouldNameAnUnknownExperimentAndTheServersMessage(MlflowServer server) {
        try (Run run = Tracking.newRun().trackingUri(server.uri()).experimentId("987654321").name("r").start()) {
            TrackingException e = assertThrows(TrackingException.class, run::id);
            assertMentions(e, server.uri(), "987654321", "RESOURCE_DOES_NOT_EXIST");
            TrackingException write = assertThrows(TrackingException.class, () -> run.logParam("a", 1));
            assertMentions(write, "could not be created", "987654321");
        }
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldRefuseWritesToARunThatHasEnded(MlflowServer server) {
        Run run = Tracking.newRun().trackingUri(server.uri()).experiment("errors").name("ended").start();
        run.close();
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> run.logMetric("m", 1.0));
        assertMentions(e, run.id(), server.uri(), "has ended (FINISHED)");
    }

    @Test
    void shouldNameModelUrisThatDoNotExist(MlflowServer server) {
        Tracking.setTrackingUri(server.uri());
        String missingRun = "runs:/0123456789abcdef0123456789abcdef/model";
        RegistryException noRun = assertThrows(RegistryException.class, () -> Models.load(missingRun));
        assertMentions(noRun, missingRun, server.uri(), "404", "RESOURCE_DOES_NOT_EXIST");
        assertEquals(404, noRun.status());
        RegistryException noVersion = assertThrows(RegistryException.class, () -> Models.load("models:/absent/3"));
        assertMentions(noVersion, "models:/absent/3", server.uri(), "404");
        RegistryException noAlias = assertThrows(RegistryException.class, () -> Models.load("models:/absent@best"));
        assertMentions(noAlias, "models:/absent@best", "alias 'best'");
        String id;
        try (Run run = Tracking.newRun().experiment("errors").name("no-model").start()) {
            id = run.id();
        }
        assertTrue(Tracking.store(server.uri()).flush(30_000));
        RegistryException noModel = assertThrows(RegistryException.class, () -> Models.load("runs:/" + id + "/model"));
        assertMentions(noModel, "runs:/" + id + "/model", "no artifact at model");
    }

    @Test
    void shouldPassOnTheServersFourHundredMessage(MlflowServer server) {
        ModelRegistry registry = ModelRegistry.forTrackingUri(server.uri());
        RegistryException e = assertThrows(RegistryException.class,
            () -> registry.register("bad/name", "mlflow-artifacts:/0/none/artifacts/model", Map.of()));
        assertEquals(400, e.status());
        assertMentions(e, server.uri(), "400", "INVALID_PARAMETER_VALUE", "bad/name");
        RegistryException alias = assertThrows(RegistryException.class,
            () -> registry.setAlias("absent-model", "latest", 1));
        assertTrue(alias.status() >= 400 && alias.status() < 500, alias.getMessage());
        assertMentions(alias, "alias 'latest'", server.uri());
    }

    @Test
    void shouldPassOnTheServersFiveHundredMessage(@TempDir Path tmp) throws IOException {
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            Path artifacts = server.dir().resolve("artifacts");
            Files.delete(artifacts);
            Files.writeString(artifacts, "not a directory");
            Path file = Files.writeString(tmp.resolve("x.txt"), "x");
            RestClient rest = new RestClient(server.uri(), Settings.fromEnvironment());
            RegistryException e = assertThrows(RegistryException.class, () -> rest.upload("0/r/artifacts/x.txt", file));
            assertEquals(500, e.status());
            assertMentions(e, server.uri(), "500", "PUT /api/2.0/mlflow-artifacts/artifacts/0/r/artifacts/x.txt",
                "Internal Server Error");
            assertTrue(RestTrackingStore.transientError(e), "a 5xx is retried");
        }
    }
}
