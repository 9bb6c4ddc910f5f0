package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The shared secret and the HMAC-SHA256 challenge both sides answer. The secret comes from a file or the
 * {@code EMBER_SECRET} environment variable, never from a command line; {@link #toString()} never shows it.
 *
 * <pre>
 *   executor proof = HMAC(secret, "ember-executor-v1" | driverNonce | executorNonce | registrationId | endpoint)
 *   driver proof   = HMAC(secret, "ember-driver-v1" | executorNonce | driverNonce | registrationId | executorId)
 * </pre>
 *
 * Nonces are 128 random bits from {@link SecureRandom}, fresh for every registration, so a recorded proof is of
 * no use later; proofs are compared in constant time.
 */
final class Auth {
    /** The environment variable holding the secret. */
    static final String SECRET_ENV = "EMBER_SECRET";
    /** The shortest secret accepted, in bytes. */
    static final int MIN_SECRET_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    private Auth(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new InvalidArgumentException("secret: found " + secret.length + " bytes, expected at least "
                + MIN_SECRET_BYTES);
        }
        this.secret = secret.clone();
    }

    /**
     * @param secret the secret's bytes
     * @return the authenticator
     */
    static Auth of(byte[] secret) {
        return new Auth(secret);
    }

    /**
     * @param file a file holding the secret (trailing newlines are ignored)
     * @return the authenticator
     */
    static Auth fromFile(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return new Auth(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MlException("secret file " + file + " cannot be read (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new InvalidArgumentException("secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param secretFile a file, or null to use the environment
     * @return the authenticator
     * @throws InvalidArgumentException when there is neither
     */
    static Auth fromFileOrEnvironment(Path secretFile) {
        if (secretFile != null) {
            return fromFile(secretFile);
        }
        String env = System.getenv(SECRET_ENV);
        if (env == null || env.isBlank()) {
            throw new InvalidArgumentException("no secret: give --secret-file (or ember.cluster.secretFile) or set "
                + SECRET_ENV + "; executors and driver must share it");
        }
        return new Auth(env.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** @return a new random secret as 64 hex digits, for a local cluster */
    static String randomSecretHex() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** @return 16 random bytes as two longs */
    static long[] nonce() {
        return new long[] {RANDOM.nextLong(), RANDOM.nextLong()};
    }

    byte[] executorProof(long[] driverNonce, long[] executorNonce, long registrationId, String endpoint) {
        byte[] ep = endpoint.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(40 + ep.length).putLong(driverNonce[0]).putLong(driverNonce[1])
            .putLong(executorNonce[0]).putLong(executorNonce[1]).putLong(registrationId).put(ep);
        return mac("ember-executor-v1", b.array());
    }

    byte[] driverProof(long[] executorNonce, long[] driverNonce, long registrationId, int executorId) {
        ByteBuffer b = ByteBuffer.allocate(44).putLong(executorNonce[0]).putLong(executorNonce[1])
            .putLong(driverNonce[0]).putLong(driverNonce[1]).putLong(registrationId).putInt(executorId);
        return mac("ember-driver-v1", b.array());
    }

    /**
     * @param expected the proof this side computed
     * @param actual the proof received
     * @return whether they are equal (constant time)
     */
    static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    private byte[] mac(String label, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            m.update(label.getBytes(StandardCharsets.US_ASCII));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new InvalidStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** Overwrites the secret in memory. */
    void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "Auth[secret hidden]";
    }
}
