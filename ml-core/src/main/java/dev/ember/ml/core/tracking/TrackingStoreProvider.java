package dev.ember.ml.core.tracking;

import java.util.List;

/**
 * Makes {@link TrackingStore}s for tracking URIs. Implementations are listed in
 * {@code META-INF/services/dev.ember.ml.core.tracking.TrackingStoreProvider} and found by
 * {@link java.util.ServiceLoader}; {@link Tracking} asks each in turn whether it supports a URI.
 */
public interface TrackingStoreProvider {

    /**
     * @param uri a tracking URI, such as {@code http://127.0.0.1:5000} or {@code file:///home/me/mlruns}
     * @return whether this provider can open it
     */
    boolean supports(String uri);

    /** @return the URI forms this provider opens, for error messages, such as {@code http(s)://host:port} */
    List<String> describeSupported();

    /**
     * @param uri a URI this provider supports
     * @return a store writing there
     * @throws TrackingException if the store cannot be opened, naming the URI
     */
    TrackingStore open(String uri);
}
