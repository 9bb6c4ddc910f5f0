package dev.ember.ml.core.expr;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.persist.Npy;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Expression results cross-checked against numpy: the input is written with Ember's CSV writer, numpy reads it
 * (empty fields as NaN) and computes every expression with its own masks for SQL's null rules, and the two must
 * agree on which rows are null and, elsewhere, to 1e-13 relative.
 */
@Tag("integration")
@Timeout(120)
class NumpyCrossCheckTest {
    private static final long SEED = 20261205L;
    private static final int N = 3_000;

    private static final List<String> EXPRESSIONS = List.of(
        "log(a + 1)",
        "a / nullif(b, 0)",
        "CASE WHEN a > b THEN sqrt(abs(a)) ELSE pow(b, 2) END",
        "greatest(a, b, 0.5)",
        "coalesce(a, b * 2)",
        "exp(-abs(c)) * floor(a)",
        "CAST((a > 0 AND (b < 5 OR a < -1)) AS double)",
        "a % 3",
        "CASE WHEN b IN (0, 1, 2) THEN -1 WHEN b IS NULL THEN 100 ELSE b END");

    private static final String NUMPY = """
        import sys
        import numpy as np
        d = np.genfromtxt(sys.argv[1], delimiter=',', names=True)
        a, b, c = d['a'], d['b'], d['c'].astype(np.float32).astype(np.float64)
        na, nb = np.isnan(a), np.isnan(b)
        nan = np.nan
        def tv_and(x, nx, y, ny):
            false = (~nx & ~x) | (~ny & ~y)
            null = ~false & (nx | ny)
            return np.where(null, nan, np.where(false, 0.0, 1.0))
        def tv_or(x, nx, y, ny):
            true = (~nx & x) | (~ny & y)
            null = ~true & (nx | ny)
            return np.where(null, nan, np.where(true, 1.0, 0.0))
        with np.errstate(all='ignore'):
            x = a + 1
            e1 = np.where(x > 0, np.log(x), nan)
            e2 = np.where(b == 0, nan, a / b)
            e3 = np.where(~na & ~nb & (a > b), np.sqrt(np.abs(a)), b ** 2)
            e4 = np.fmax(np.fmax(a, b), 0.5)
            e5 = np.where(na, b * 2, a)
            e6 = np.exp(-np.abs(c)) * np.floor(a)
            orv = tv_or(b < 5, nb, a < -1, na)
            e7 = tv_and(a > 0, na, orv == 1, np.isnan(orv))
            e8 = np.fmod(a, 3)
            e9 = np.where(np.isin(b, [0, 1, 2]), -1.0, np.where(nb, 100.0, b))
        np.save(sys.argv[2], np.stack([e1, e2, e3, e4, e5, e6, e7, e8, e9]).astype(np.float64))
        print('ok')
        """;

    private static Path python() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/python-env.sh"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("/nonexistent") : p.resolve(".venv/bin/python");
    }

    /** a: N(0, 3) double, null every 13th; b: long in [-3, 8], null every 17th; c: float N(0, 1). */
    private static Frame frame(Runtime rt, int parts) {
        Random rnd = new Random(SEED);
        List<Partition> ps = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = N * p / parts;
            int to = N * (p + 1) / parts;
            ColumnBuilder a = new ColumnBuilder(Field.of("a", DataType.DOUBLE, true), to - from);
            ColumnBuilder b = new ColumnBuilder(Field.of("b", DataType.LONG, true), to - from);
            ColumnBuilder c = new ColumnBuilder(Field.of("c", DataType.FLOAT, false), to - from);
            for (int i = from; i < to; i++) {
                double av = rnd.nextGaussian() * 3;
                long bv = rnd.nextInt(12) - 3;
                if (i % 13 == 0) {
                    a.appendNull();
                } else {
                    a.appendDouble(av);
                }
                if (i % 17 == 0) {
                    b.appendNull();
                } else {
                    b.appendLong(bv);
                }
                c.appendFloat((float) rnd.nextGaussian());
            }
            ps.add(new Partition(p, List.of(a.build(), b.build(), c.build())));
        }
        return Frame.of(rt, ps);
    }

    @Test
    void shouldAgreeWithNumpyOnValuesAndNulls(@TempDir Path tmp) throws Exception {
        Path python = python();
        assumeTrue(Files.isExecutable(python), "no project venv at " + python + "; run scripts/python-env.sh");
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            frame(rt, 1).write().csv(tmp.resolve("in.csv"));
            Process p = new ProcessBuilder(python.toString(), "-c", NUMPY, tmp.resolve("in.csv").toString(),
                tmp.resolve("out.npy").toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "numpy timed out");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            double[][] expected = Npy.read(tmp.resolve("out.npy")).matrix();
            for (int parts : new int[] {1, 4}) {
                Frame f = frame(rt, parts);
                for (int e = 0; e < EXPRESSIONS.size(); e++) {
                    String sql = EXPRESSIONS.get(e);
                    double[] got = f.withColumn("out", sql).collectDoubles("out");
                    assertEquals(N, got.length);
                    for (int r = 0; r < N; r++) {
                        double want = expected[e][r];
                        String where = sql + " row " + r + " parts=" + parts + " seed=" + SEED;
                        assertEquals(Double.isNaN(want), Double.isNaN(got[r]), where + ": null differs, numpy "
                            + want + " ember " + got[r]);
                        if (!Double.isNaN(want)) {
                            assertEquals(want, got[r], 1e-13 * Math.max(1, Math.abs(want)), where);
                        }
                    }
                }
            }
        }
    }
}
