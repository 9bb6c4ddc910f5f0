package dev.ember.ml.pipeline;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidParamException;
import dev.ember.ml.core.MissingColumnException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error the API modules raise derives from {@link MlException} (one {@code catch} sees them all), checked
 * by reading their sources: no {@code throw new IllegalArgumentException} or other bare JDK runtime exception.
 * Left on purpose, and allowed here: {@link java.io.UncheckedIOException} for a disk that fails under a journal,
 * registry or watermark (the JDK's own type for an I/O failure, not the caller's mistake), checked
 * {@code IOException}s inside readers (caught and turned into {@code DataFormatException}s; {@code EOFException}
 * where Parquet's input-stream contract asks for it), the
 * {@code NumberFormatException}/{@code DateTimeException} the CSV value parsers throw to their caller (which
 * names file, row and column), Parquet's decoding exception inside the page decoder (wrapped by the reader) and
 * {@code IndexOutOfBoundsException} for a partition index out of range (a programming error, as in {@link List}),
 * picocli's {@code CommandLine.ParameterException} for a command-line usage error (picocli turns it into the usage
 * and exit code 2) and {@code RejectedExecutionException} from a closed store's writer (the executor contract its
 * callers handle). Every module with main code is scanned: the libraries, the runtime, the registry client, the
 * ONNX export and the CLI.
 */
class ExceptionHierarchyTest {
    private static final List<String> SCANNED = List.of("ml-core", "ml-algorithms", "ml-pipelines",
        "feature-store", "distributed-runtime", "model-registry-client", "ml-onnx", "cli");
    private static final Pattern THROW = Pattern.compile("throw new ([\\w.]+)\\(");
    private static final Pattern FORBIDDEN = Pattern.compile("new (java\\.lang\\.)?(IllegalArgumentException|"
        + "IllegalStateException|UnsupportedOperationException|RuntimeException|NullPointerException|"
        + "ArithmeticException)\\(");
    private static final List<String> ALLOWED_JDK = List.of("UncheckedIOException", "java.io.UncheckedIOException",
        "IOException", "EOFException", "NumberFormatException", "DateTimeException", "ParquetDecodingException",
        "IndexOutOfBoundsException", "InterruptedException", "CommandLine.ParameterException",
        "RejectedExecutionException");

    @Test
    void shouldThrowOnlyMlExceptionsWhenScanningTheApiModules() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offending = new ArrayList<>();
        Map<String, String> superclasses = superclasses(root);
        int files = 0;
        for (String module : SCANNED) {
            Path src = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "expected the sources of " + module + " at " + src);
            try (Stream<Path> paths = Files.walk(src)) {
                for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (FORBIDDEN.matcher(line).find()) {
                            offending.add(root.relativize(p) + ":" + (i + 1) + ": " + line.strip());
                        }
                        Matcher m = THROW.matcher(line);
                        while (m.find()) {
                            String type = m.group(1);
                            if (!type.endsWith("Exception") || ALLOWED_JDK.contains(type)) {
                                continue;
                            }
                            if (!isMlException(type, superclasses)) {
                                offending.add(root.relativize(p) + ":" + (i + 1) + ": " + type);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 300, "expected the API modules' sources, read " + files + " files");
        assertTrue(offending.isEmpty(), "errors that do not derive from MlException:\n" + String.join("\n",
            offending));
    }

    @Test
    void shouldNameStageParamValueAndRangeWhenAParamIsInvalid() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
            () -> new LogisticRegression().maxIter(-1));
        assertEquals("LogisticRegression: param maxIter: found -1, expected >= 0", e.getMessage());
        assertEquals("LogisticRegression", e.stage());
        assertEquals("maxIter", e.param());
        assertEquals("-1", e.value());
        assertEquals(">= 0", e.expected());
        assertInstanceOf(MlException.class, e);
        InvalidParamException metric = assertThrows(InvalidParamException.class,
            () -> new MulticlassClassificationEvaluator().metricName("auc"));
        assertTrue(metric.getMessage().startsWith("MulticlassClassificationEvaluator: param metricName: found auc,"
            + " expected one of ["), metric.getMessage());
    }

    @Test
    void shouldNameTheColumnAndTheColumnsThereAreWhenAColumnIsMissing() {
        Schema s = new Schema(List.of(Field.of("a", DataType.DOUBLE), Field.vector("features", 2, DataType.FLOAT)));
        MissingColumnException e = assertThrows(MissingColumnException.class,
            () -> new LogisticRegression().labelCol("lable").transformSchema(s));
        assertEquals("lable", e.column());
        assertEquals(List.of("a", "features"), e.available());
        assertTrue(e.getMessage().contains("'lable'") && e.getMessage().contains("[a, features]"), e.getMessage());
        assertInstanceOf(InvalidArgumentException.class, e);
    }

    /** Each exception class declared in the scanned sources, by simple name, and the class it extends. */
    private static Map<String, String> superclasses(Path root) throws IOException {
        Pattern decl = Pattern.compile("class (\\w+Exception|\\w+Pruned)\\s+extends\\s+([\\w.]+)");
        Map<String, String> out = new HashMap<>();
        for (String module : SCANNED) {
            try (Stream<Path> paths = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = decl.matcher(Files.readString(p));
                    while (m.find()) {
                        out.put(m.group(1), m.group(2).substring(m.group(2).lastIndexOf('.') + 1));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isMlException(String type, Map<String, String> superclasses) {
        String t = type.substring(type.lastIndexOf('.') + 1);
        for (int depth = 0; depth < 10 && t != null; depth++) {
            if (t.equals("MlException")) {
                return true;
            }
            t = superclasses.get(t);
        }
        return false;
    }
}
