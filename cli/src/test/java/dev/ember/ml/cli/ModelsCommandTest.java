package dev.ember.ml.cli;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.GradientMean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ember models ...} against the embedded store (a local directory in MLflow's file layout). */
class ModelsCommandTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    private static String logRun(String uri) {
        Frame frame = Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 1, 2, 3, 4));
        try (Run run = Tracking.newRun().trackingUri(uri).experiment("cli").name("fit").start()) {
            new GradientMean().fit(frame);
            return run.id();
        }
    }

    @Test
    void shouldRegisterListAliasAndDownload(@TempDir Path tmp) {
        String uri = tmp.resolve("mlruns").toUri().toString();
        String runId = logRun(uri);

        Cli reg = Cli.run("models", "register", "runs:/" + runId + "/model", "--name", "means", "--alias", "champion",
            "--tag", "team=ml", "--tracking-uri", uri);
        assertEquals(0, reg.code(), reg.toString());
        assertTrue(reg.out().contains("registered means version 1"), reg.toString());
        assertTrue(reg.out().contains("alias means@champion -> 1"), reg.toString());

        Cli list = Cli.run("models", "list", "--tracking-uri", uri);
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().matches("(?s).*means\\s+1\\s+champion=1.*"), list.toString());
        Cli versions = Cli.run("models", "list", "means", "--tracking-uri", uri);
        assertTrue(versions.out().contains(runId) && versions.out().contains("champion"), versions.toString());
        Cli filtered = Cli.run("models", "list", "--filter", "tags.team = 'ml'", "--tracking-uri", uri);
        assertTrue(filtered.out().contains(runId), filtered.toString());

        assertEquals(0, Cli.run("models", "alias", "means", "best", "1", "--tracking-uri", uri).code());
        assertTrue(Cli.run("models", "list", "--tracking-uri", uri).out().contains("best=1,champion=1"));
        assertEquals(0, Cli.run("models", "alias", "means", "best", "--delete", "--tracking-uri", uri).code());
        Cli neither = Cli.run("models", "alias", "means", "best", "--tracking-uri", uri);
        assertEquals(2, neither.code(), neither.toString());
        assertTrue(neither.err().contains("give either VERSION"), neither.toString());

        Path out = tmp.resolve("downloaded");
        Cli dl = Cli.run("models", "download", "models:/means@champion", "-o", out.toString(), "--tracking-uri", uri);
        assertEquals(0, dl.code(), dl.toString());
        assertTrue(Files.isRegularFile(out.resolve("MLmodel")));
        assertTrue(Files.isRegularFile(out.resolve("data/metadata.json")));
    }

    @Test
    void shouldReportErrorsNamingTheUri(@TempDir Path tmp) throws java.io.IOException {
        String uri = Files.createDirectories(tmp.resolve("mlruns")).toUri().toString();
        Cli missing = Cli.run("models", "download", "models:/nope/1", "-o", tmp.resolve("x").toString(),
            "--tracking-uri", uri);
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("models:/nope/1") && missing.err().contains(uri), missing.toString());
        Cli badUri = Cli.run("models", "download", "models:/nope/Staging", "--tracking-uri", uri);
        assertEquals(1, badUri.code(), badUri.toString());
        assertTrue(badUri.err().contains("found version 'Staging'"), badUri.toString());
        Cli usage = Cli.run("models", "register", "runs:/x/model");
        assertEquals(2, usage.code(), usage.toString());
        assertTrue(usage.err().contains("--name"), usage.toString());
    }

    @Test
    void shouldSayWhenThereIsNothingToReplay(@TempDir Path tmp) {
        Cli r = Cli.run("models", "replay", "--spool", tmp.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("nothing to replay"), r.toString());
        Cli l = Cli.run("models", "replay", "--list", "--spool", tmp.toString());
        assertTrue(l.out().startsWith("0 spooled run(s)"), l.toString());
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("ember "), v.toString());
        Cli group = Cli.run("models");
        assertEquals(2, group.code(), group.toString());
        assertTrue(group.err().contains("register"), group.toString());
    }
}
