package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.core.tracking.TrackingStoreProvider;

import java.util.List;

/**
 * Provides MLflow's tracking stores to {@link dev.ember.ml.core.tracking.Tracking} (registered in
 * {@code META-INF/services}): a tracking server for {@code http(s)://} URIs, the embedded file store for a
 * {@code file:} URI or a path.
 */
public final class MlflowStoreProvider implements TrackingStoreProvider {

    /** For {@link java.util.ServiceLoader}. */
    public MlflowStoreProvider() {
    }

    @Override
    public boolean supports(String uri) {
        return Mlflow.isRemote(uri) || Mlflow.isLocal(uri);
    }

    @Override
    public List<String> describeSupported() {
        return List.of("http(s)://host:port (an MLflow tracking server)",
            "file:///path or a directory path (MLflow's file-store layout, the default ./mlruns)");
    }

    @Override
    public TrackingStore open(String uri) {
        return Mlflow.openStore(uri, Settings.fromEnvironment());
    }
}
