package dev.ember.ml.registry;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JUnit extension that gives tests one real MLflow server (SQLite backend, served artifacts) shared by every
 * test class of the run, started on first use and stopped with its process tree when the run ends. Declare
 * {@code @ExtendWith(SharedMlflowServer.class)} and take an {@link MlflowServer} parameter.
 */
public final class SharedMlflowServer implements ParameterResolver {

    /** Stops the server when JUnit closes the root store. */
    private record Holder(MlflowServer server, Path dir) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == MlflowServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedMlflowServer.class, k -> start(), Holder.class).server();
    }

    private static Holder start() {
        try {
            Path dir = Files.createTempDirectory("ember-mlflow-server-");
            return new Holder(MlflowServer.startSqlite(dir), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
