package dev.ember.ml.core.persist;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpyTest {

    @Test
    void shouldRoundTripVectorsAndMatrices(@TempDir Path tmp) {
        double[] v = {1.5, -0.0, Double.NaN, Double.MAX_VALUE, 1e-300};
        Npy.write(tmp.resolve("v.npy"), v);
        Npy.Array a = Npy.read(tmp.resolve("v.npy"));
        assertEquals("<f8", a.descr());
        assertArrayEquals(new long[] {5}, a.shape());
        assertArrayEquals(v, a.flat(), 0.0);
        double[][] m = {{1, 2, 3}, {4, 5, 6}};
        Npy.write(tmp.resolve("m.npy"), m);
        assertArrayEquals(m, Npy.read(tmp.resolve("m.npy")).matrix());
    }

    @Test
    void shouldPadTheHeaderTo64Bytes(@TempDir Path tmp) throws IOException {
        Npy.write(tmp.resolve("v.npy"), new double[] {1, 2, 3});
        byte[] b = Files.readAllBytes(tmp.resolve("v.npy"));
        assertEquals(0, (b.length - 24) % 64, "header+preamble must be a multiple of 64 bytes");
        assertEquals('\n', b[b.length - 24 - 1]);
    }

    @Test
    void shouldNameTheFileForATruncatedArray(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("v.npy");
        Npy.write(f, new double[] {1, 2, 3});
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        PersistenceException e = assertThrows(PersistenceException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("v.npy") && e.getMessage().contains("needs 24 bytes"), e.getMessage());
        Files.writeString(f, "not numpy");
        e = assertThrows(PersistenceException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
    }

    /** numpy itself must read what Ember writes, and Ember what numpy writes. */
    @Test
    @Tag("integration")
    void shouldBeReadableByNumpyAndReadNumpysFiles(@TempDir Path tmp) throws Exception {
        Path python = findRepoRoot().resolve(".venv/bin/python");
        assumeTrue(Files.isExecutable(python), "no project venv at " + python + "; run scripts/python-env.sh");
        Npy.write(tmp.resolve("ember.npy"), new double[][] {{1.25, -2}, {3, 4e-10}});
        String script = "import numpy as np\n"
            + "a = np.load('" + tmp.resolve("ember.npy") + "')\n"
            + "assert a.shape == (2, 2) and a.dtype == np.float64, (a.shape, a.dtype)\n"
            + "assert a[0, 0] == 1.25 and a[1, 1] == 4e-10\n"
            + "np.save('" + tmp.resolve("numpy.npy") + "', np.arange(6, dtype=np.float32).reshape(3, 2))\n"
            + "np.save('" + tmp.resolve("ints.npy") + "', np.array([7, -8], dtype=np.int64))\n"
            + "print('ok')\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Npy.Array a = Npy.read(tmp.resolve("numpy.npy"));
        assertEquals("<f4", a.descr());
        assertArrayEquals(new double[][] {{0, 1}, {2, 3}, {4, 5}}, a.matrix());
        assertArrayEquals(new double[] {7, -8}, Npy.read(tmp.resolve("ints.npy")).flat(), 0.0);
    }

    static Path findRepoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(".git")) && !Files.isRegularFile(p.resolve(".ci/run"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath().getParent() : p;
    }
}
