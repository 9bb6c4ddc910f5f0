package dev.ember.ml.core.runtime;

import java.util.List;

/**
 * Names the {@link ValueCodec}s that broadcast values may use on a cluster, so that an executor decodes a
 * broadcast only with a codec its class path registered. The codecs of {@link ValueCodecs} are always known;
 * implementations add others and are listed in
 * {@code META-INF/services/dev.ember.ml.core.runtime.ValueCodecProvider}.
 */
public interface ValueCodecProvider {

    /** @return the codecs; each is known by its class name */
    List<ValueCodec<?>> codecs();
}
