package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HMAC challenge: both proofs verify with the secret and fail without it or on any changed input. */
class AuthTest {
    private static final byte[] SECRET = "correct horse battery staple 42".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldAcceptTheProofsOfPeersThatHoldTheSecret() {
        Auth driver = Auth.of(SECRET);
        Auth executor = Auth.of(SECRET.clone());
        long[] dn = Auth.nonce();
        long[] en = Auth.nonce();
        byte[] proof = executor.executorProof(dn, en, 7, "127.0.0.1:4000");
        assertTrue(Auth.matches(driver.executorProof(dn, en, 7, "127.0.0.1:4000"), proof));
        byte[] back = driver.driverProof(en, dn, 7, 3);
        assertTrue(Auth.matches(executor.driverProof(en, dn, 7, 3), back));
    }

    @Test
    void shouldRefuseProofsMadeWithAnotherSecretOrOtherInputs() {
        Auth driver = Auth.of(SECRET);
        Auth intruder = Auth.of("a different secret, also long".getBytes(StandardCharsets.UTF_8));
        long[] dn = Auth.nonce();
        long[] en = Auth.nonce();
        byte[] expected = driver.executorProof(dn, en, 7, "127.0.0.1:4000");
        assertFalse(Auth.matches(expected, intruder.executorProof(dn, en, 7, "127.0.0.1:4000")));
        assertFalse(Auth.matches(expected, driver.executorProof(Auth.nonce(), en, 7, "127.0.0.1:4000")));
        assertFalse(Auth.matches(expected, driver.executorProof(dn, en, 8, "127.0.0.1:4000")));
        assertFalse(Auth.matches(expected, driver.executorProof(dn, en, 7, "127.0.0.1:4001")));
        assertFalse(Auth.matches(expected, driver.driverProof(dn, en, 7, 0)));
        assertFalse(Auth.matches(expected, null));
        assertFalse(Auth.matches(expected, new byte[0]));
    }

    @Test
    void shouldReadTheSecretFromAFileAndNeverShowIt(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("secret");
        Files.writeString(f, new String(SECRET, StandardCharsets.UTF_8) + "\n");
        Auth a = Auth.fromFile(f);
        long[] n = {1, 2};
        assertArrayEquals(Auth.of(SECRET).executorProof(n, n, 1, "h:1"), a.executorProof(n, n, 1, "h:1"));
        assertFalse(a.toString().contains("horse"));
        Files.writeString(f, "short");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Auth.fromFile(f));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
        assertFalse(e.getMessage().contains("short"));
        assertTrue(Auth.randomSecretHex().matches("[0-9a-f]{64}"));
    }
}
