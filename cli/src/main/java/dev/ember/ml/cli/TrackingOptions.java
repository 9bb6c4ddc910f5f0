package dev.ember.ml.cli;

import dev.ember.ml.core.tracking.Tracking;
import picocli.CommandLine.Option;

/** The {@code --tracking-uri} option, shared by the commands that talk to MLflow. */
public final class TrackingOptions {
    @Option(names = "--tracking-uri", paramLabel = "URI",
        description = "MLflow tracking server (http(s)://host:port) or local store directory; default "
            + "MLFLOW_TRACKING_URI, else ./mlruns")
    private String uri;

    /** For picocli. */
    public TrackingOptions() {
    }

    /** @return the URI given on the command line, or null */
    public String explicitUri() {
        return uri;
    }

    /** @return the tracking URI to use (and makes it the process's, for model loading) */
    public String uri() {
        if (uri != null) {
            Tracking.setTrackingUri(uri);
        }
        return Tracking.trackingUri();
    }
}
