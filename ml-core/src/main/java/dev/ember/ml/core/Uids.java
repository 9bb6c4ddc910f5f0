package dev.ember.ml.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes stage uids such as {@code StandardScaler_3fa2c19be04d}. */
public final class Uids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uids() {
    }

    /**
     * @param prefix usually the stage's simple class name
     * @return a new uid
     */
    public static String random(String prefix) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }
}
