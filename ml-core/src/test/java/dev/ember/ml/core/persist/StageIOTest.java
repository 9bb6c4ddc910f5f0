package dev.ember.ml.core.persist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.ParamMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageIOTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ShiftModel model(String uid) {
        ObjectNode params = JSON.createObjectNode().put("col", "x").put("times", 3);
        Provenance p = new Provenance("dev.Test", "Est_1", params, new DataFingerprint("ab", 10, "cd"), 42L,
            "0.1.0", "17", "Linux", Instant.parse("2026-11-24T10:00:00Z"), 1234, Map.of("loss", 0.5));
        return new ShiftModel(uid, ParamMap.of(ShiftModel.TIMES, 3), new double[] {1.5, -2, Double.NaN},
            List.of("a", "b"), p);
    }

    @Test
    void shouldRoundTripParamsArraysStringsAndProvenance(@TempDir Path tmp) {
        ShiftModel m = model("Shift_1");
        m.save(tmp.resolve("m"));
        ShiftModel back = StageIO.load(tmp.resolve("m"), ShiftModel.class);
        assertEquals("Shift_1", back.uid());
        assertEquals(m.paramMap(), back.paramMap());
        assertEquals(3, back.get(ShiftModel.TIMES));
        assertArrayEquals(m.shifts(), back.shifts(), 0.0);
        assertEquals(List.of("a", "b"), back.labels());
        assertEquals(m.provenance().toJson(), back.provenance().toJson());
        assertTrue(Files.isRegularFile(tmp.resolve("m/arrays/shifts.npy")));
    }

    @Test
    void shouldRoundTripNestedStagesInOrder(@TempDir Path tmp) {
        ShiftModel.Holder h = new ShiftModel.Holder("Holder_1", List.of(model("S_a"), model("S_b"), model("S_c")));
        h.save(tmp.resolve("h"));
        ShiftModel.Holder back = StageIO.load(tmp.resolve("h"), ShiftModel.Holder.class);
        assertEquals(List.of("S_a", "S_b", "S_c"), back.children().stream().map(ShiftModel::uid).toList());
    }

    @Test
    void shouldRefuseToSaveIntoANonEmptyDirectoryAndLeaveItAlone(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("keep.txt"), "data");
        PersistenceException e = assertThrows(PersistenceException.class, () -> model("S").save(tmp));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("data", Files.readString(tmp.resolve("keep.txt")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary directory left behind");
        }
    }

    @Test
    void shouldRejectAnUnknownFormatVersion(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        rewrite(dir, "formatVersion", 99);
        PersistenceException e = assertThrows(PersistenceException.class, () -> StageIO.load(dir));
        assertTrue(e.getMessage().contains("found formatVersion 99, expected 1"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void shouldWriteEachStagesOwnFormatVersionAndRejectANewerOne(@TempDir Path tmp) throws IOException {
        ShiftModel.Holder h = new ShiftModel.Holder("Holder_1", List.of(model("S_a")));
        Path dir = tmp.resolve("h");
        h.save(dir);
        assertEquals(2, JSON.readTree(dir.resolve(StageIO.METADATA).toFile()).path("stageFormatVersion").asInt());
        assertEquals(1, JSON.readTree(dir.resolve("stages/00_S_a").resolve(StageIO.METADATA).toFile())
            .path("stageFormatVersion").asInt());
        rewrite(dir, "stageFormatVersion", 3);
        PersistenceException e = assertThrows(PersistenceException.class, () -> StageIO.load(dir));
        assertTrue(e.getMessage().contains("found stageFormatVersion 3 of " + ShiftModel.Holder.class.getName()
            + ", expected 1..2"), e.getMessage());
        Path child = tmp.resolve("s");
        model("S_b").save(child);
        rewrite(child, "stageFormatVersion", 0);
        e = assertThrows(PersistenceException.class, () -> StageIO.load(child));
        assertTrue(e.getMessage().contains("found stageFormatVersion 0, expected an integer >= 1"), e.getMessage());
    }

    @Test
    void shouldReadAStageWithoutAStageFormatVersionAsVersionOne(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        ObjectNode meta = (ObjectNode) JSON.readTree(dir.resolve(StageIO.METADATA).toFile());
        meta.remove("stageFormatVersion");
        JSON.writeValue(dir.resolve(StageIO.METADATA).toFile(), meta);
        assertEquals(3, StageIO.load(dir, ShiftModel.class).get(ShiftModel.TIMES), "0.1.0 files carry no version");
    }

    @Test
    void shouldRejectAnUnknownClass(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        rewrite(dir, "class", "com.evil.Gadget");
        PersistenceException e = assertThrows(PersistenceException.class, () -> StageIO.load(dir));
        assertTrue(e.getMessage().contains("unknown stage class com.evil.Gadget"), e.getMessage());
    }

    @Test
    void shouldNameAMissingDirectoryAndAMissingArray(@TempDir Path tmp) throws IOException {
        PersistenceException e = assertThrows(PersistenceException.class, () -> StageIO.load(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        Files.delete(dir.resolve("arrays/shifts.npy"));
        e = assertThrows(PersistenceException.class, () -> StageIO.load(dir));
        assertTrue(e.getMessage().contains("shifts.npy"), e.getMessage());
    }

    @Test
    void shouldRejectAWrongParamValue(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        ObjectNode meta = (ObjectNode) JSON.readTree(dir.resolve(StageIO.METADATA).toFile());
        ((ObjectNode) meta.get("params")).put("times", 0);
        JSON.writeValue(dir.resolve(StageIO.METADATA).toFile(), meta);
        PersistenceException e = assertThrows(PersistenceException.class, () -> StageIO.load(dir));
        assertTrue(e.getMessage().contains("param times: found 0, expected >= 1"), e.getMessage());
    }

    @Test
    void shouldWriteNoJavaSerialization(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        model("S").save(dir);
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                assertFalse(b.length >= 2 && (b[0] & 0xff) == 0xac && (b[1] & 0xff) == 0xed,
                    f + " starts with the Java serialization magic");
            }
        }
    }

    private static void rewrite(Path dir, String key, Object value) throws IOException {
        ObjectNode meta = (ObjectNode) JSON.readTree(dir.resolve(StageIO.METADATA).toFile());
        meta.set(key, JSON.valueToTree(value));
        JSON.writeValue(dir.resolve(StageIO.METADATA).toFile(), meta);
    }
}
