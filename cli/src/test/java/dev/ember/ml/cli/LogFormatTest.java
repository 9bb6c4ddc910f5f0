package dev.ember.ml.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.observe.FitTrace;
import dev.ember.ml.core.observe.TraceScope;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programs' log configuration: the fit's ids on every line, text by default, JSON with one switch. */
class LogFormatTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.ember.ml.cli.LogFormatProbe");

    private static String logInsideAFit(String format) throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        if (format != null) {
            System.setProperty("ember.log.format", format);
        }
        try {
            ctx.reset();
            new ContextInitializer(ctx).autoConfig();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (TraceScope trace = TraceScope.open()) {
                FitTrace.enter("uid-log", "ProbeStage");
                try {
                    LOG.warn("probe line for trace {}", trace.traceId());
                    return FitTrace.current().fitId() + "\n" + trace.traceId() + "\n"
                        + captured.toString(StandardCharsets.UTF_8);
                } finally {
                    FitTrace.exit("uid-log");
                }
            }
        } finally {
            System.setErr(err);
            System.clearProperty("ember.log.format");
            ctx.reset();
            new ContextInitializer(ctx).autoConfig();
        }
    }

    @Test
    void shouldPrintTheFitIdsOnEveryTextLine() throws Exception {
        String[] out = logInsideAFit(null).split("\n", 3);
        String line = out[2].lines().filter(l -> l.contains("probe line")).findFirst().orElseThrow(
            () -> new AssertionError("no probe line in: " + out[2]));
        assertTrue(line.contains("fitId=" + out[0] + " traceId=" + out[1] + " stage=ProbeStage"), line);
        assertTrue(line.contains(" WARN "), line);
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithTheMdcWhenSwitchedToJson() throws Exception {
        String[] out = logInsideAFit("json").split("\n", 3);
        String line = out[2].lines().filter(l -> l.contains("probe line")).findFirst().orElseThrow(
            () -> new AssertionError("no probe line in: " + out[2]));
        JsonNode n = new ObjectMapper().readTree(line);
        assertEquals("WARN", n.path("level").asText());
        assertEquals(out[0], n.path("mdc").path("fitId").asText(), line);
        assertEquals(out[1], n.path("mdc").path("traceId").asText(), line);
        assertEquals("ProbeStage", n.path("mdc").path("stage").asText(), line);
        assertTrue(n.path("formattedMessage").asText().startsWith("probe line for trace " + out[1]), line);
    }
}
