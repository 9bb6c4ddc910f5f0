package dev.ember.ml.runtime;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecProvider;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The codecs broadcast values may use, by class name: those of {@link ValueCodecs} and those that
 * {@link ValueCodecProvider}s list. An executor decodes a broadcast only with a codec found here.
 */
final class CodecNames {
    private final Map<String, ValueCodec<?>> byName = new TreeMap<>();

    private CodecNames() {
    }

    static CodecNames load() {
        CodecNames c = new CodecNames();
        c.add(ValueCodecs.DOUBLE_ARRAY);
        c.add(ValueCodecs.LONG_ARRAY);
        c.add(ValueCodecs.LONG);
        for (ValueCodecProvider p : ServiceLoader.load(ValueCodecProvider.class, CodecNames.class.getClassLoader())) {
            p.codecs().forEach(c::add);
        }
        return c;
    }

    private void add(ValueCodec<?> codec) {
        byName.putIfAbsent(nameOf(codec), codec);
    }

    static String nameOf(ValueCodec<?> codec) {
        return codec.getClass().getName();
    }

    /**
     * @param name a codec's class name
     * @return the codec
     * @throws MlException if it is not registered
     */
    ValueCodec<?> resolve(String name) {
        ValueCodec<?> c = byName.get(name);
        if (c == null) {
            throw new MlException("broadcast codec " + name + " is not registered: use a codec of ValueCodecs or"
                + " list yours through a " + ValueCodecProvider.class.getName() + " in META-INF/services");
        }
        return c;
    }
}
