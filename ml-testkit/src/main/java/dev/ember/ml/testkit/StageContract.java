package dev.ember.ml.testkit;

import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.PartitionRef;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every stage must meet, checked the same way for all of them: params are well-formed and
 * copies keep the uid; a save/load round-trip keeps class, uid and params, and for models the provenance and
 * the outputs.
 */
public final class StageContract {
    private StageContract() {
    }

    /**
     * Checks the param declarations of a stage: unique non-empty names, docs, valid defaults, and that
     * {@code copy} keeps the uid and the values.
     *
     * @param stage the stage
     */
    public static void checkParams(PipelineStage stage) {
        Set<String> names = new HashSet<>();
        for (Param<?> p : stage.params()) {
            assertFalse(p.name().isEmpty(), "param name must not be empty");
            assertTrue(names.add(p.name()), "duplicate param name " + p.name());
            assertFalse(p.doc().isBlank(), "param " + p.name() + " has no doc");
            if (p.hasDefault()) {
                checkDefault(p);
            }
            assertSame(p, stage.param(p.name()), "param(name) must find " + p.name());
        }
        for (Param<?> p : stage.paramMap().params()) {
            assertTrue(stage.params().contains(p), "set param " + p.name() + " is not listed by params()");
        }
        PipelineStage copy = stage.copy(ParamMap.empty());
        assertNotSame(stage, copy, "copy must return a new instance");
        assertEquals(stage.uid(), copy.uid(), "copy must keep the uid");
        assertEquals(stage.paramMap(), copy.paramMap(), "copy must keep the values set");
        assertFalse(stage.explainParams().isBlank());
    }

    /**
     * Checks that a per-call map reaches every stage of a tree of stages (a pipeline, nested pipelines,
     * {@link PipelineStage#childStages}) through {@code copy(extra)}: each copied stage keeps its uid and class,
     * has exactly the values {@code extra} gives it ({@link ParamMap#forStage}) over the values set on it, and the
     * original tree is unchanged. Every uid that {@code extra} names must be found in the tree, so the check
     * cannot pass vacuously.
     *
     * @param root the root stage
     * @param extra a per-call map with entries for some stages of the tree
     * @return the copied root
     */
    public static PipelineStage checkNestedCopy(PipelineStage root, ParamMap extra) {
        List<PipelineStage> before = flatten(root);
        List<ParamMap> beforeValues = before.stream().map(PipelineStage::paramMap).toList();
        PipelineStage copy = root.copy(extra);
        List<PipelineStage> after = flatten(copy);
        assertEquals(before.size(), after.size(), "copy must keep the number of stages");
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < before.size(); i++) {
            PipelineStage b = before.get(i);
            PipelineStage a = after.get(i);
            uids.add(b.uid());
            assertEquals(b.getClass(), a.getClass(), "stage " + i + " must keep its class");
            assertEquals(b.uid(), a.uid(), "stage " + i + " must keep its uid");
            assertEquals(beforeValues.get(i), b.paramMap(), "copy must not change the original " + b.uid());
            ParamMap expected = b.paramMap().merge(extra.forStage(b));
            assertEquals(expected, a.paramMap(), "values of the copy of " + b.uid());
            for (Param<?> p : a.params()) {
                assertValueEquals(p, expected.contains(p) ? expected.get(p).orElseThrow() : null, a);
            }
        }
        for (String uid : extra.stageUids()) {
            assertTrue(uids.contains(uid), "the map names stage " + uid + ", which is not in the tree " + uids);
        }
        return copy;
    }

    private static void assertValueEquals(Param<?> p, Object expected, PipelineStage stage) {
        if (expected != null) {
            assertTrue(p.type().valueEquals(expected, stage.get(p)), "param " + p.name() + " of " + stage.uid()
                + ": found " + p.type().format(stage.get(p)) + ", expected " + p.type().format(expected));
        }
    }

    private static List<PipelineStage> flatten(PipelineStage root) {
        List<PipelineStage> out = new ArrayList<>();
        out.add(root);
        for (PipelineStage c : root.childStages()) {
            out.addAll(flatten(c));
        }
        return out;
    }

    private static <T> void checkDefault(Param<T> p) {
        assertEquals(p.defaultValue(), p.validate(p.defaultValue()), "default of " + p.name() + " must validate");
    }

    /**
     * Saves and loads a stage and checks class, uid and params.
     *
     * @param stage the stage
     * @param dir a directory to save into (not existing or empty)
     * @param <S> the stage type
     * @return the loaded stage
     */
    public static <S extends PipelineStage> S assertRoundTrip(S stage, Path dir) {
        stage.save(dir);
        @SuppressWarnings("unchecked")
        S loaded = (S) StageIO.load(dir, stage.getClass());
        assertEquals(stage.getClass(), loaded.getClass());
        assertEquals(stage.uid(), loaded.uid(), "uid must survive save/load");
        assertEquals(stage.paramMap(), loaded.paramMap(), "params must survive save/load");
        assertEquals(stage.extractParamMap(), loaded.extractParamMap(), "resolved params must survive save/load");
        if (stage instanceof Model m) {
            // as text: a long param (seed) reads back as a smaller JSON integer node of the same value
            assertEquals(m.provenance().toJson().toString(), ((Model) loaded).provenance().toJson().toString(),
                "provenance must survive save/load");
        }
        return loaded;
    }

    /**
     * Round-trips a transformer (or model) and checks its output on a frame is unchanged.
     *
     * @param stage the transformer
     * @param frame an input it accepts
     * @param dir a directory to save into
     * @param tolerance absolute tolerance on numbers (0 for exact)
     * @param <T> the transformer type
     * @return the loaded transformer
     */
    public static <T extends Transformer> T assertTransformRoundTrip(T stage, Frame frame, Path dir,
                                                                     double tolerance) {
        T loaded = assertRoundTrip(stage, dir);
        assertFramesEqual(stage.transform(frame), loaded.transform(frame), tolerance);
        return loaded;
    }

    /**
     * Checks two frames hold the same schema and values (nulls included), partition by partition.
     *
     * @param expected the expected frame
     * @param actual the actual frame
     * @param tolerance absolute tolerance on numbers
     */
    public static void assertFramesEqual(Frame expected, Frame actual, double tolerance) {
        assertEquals(expected.schema(), actual.schema(), "schemas differ");
        assertEquals(expected.numPartitions(), actual.numPartitions(), "partition counts differ");
        for (int i = 0; i < expected.numPartitions(); i++) {
            try (PartitionRef e = expected.partition(i); PartitionRef a = actual.partition(i)) {
                assertEquals(e.partition().numRows(), a.partition().numRows(), "rows of partition " + i);
                for (int c = 0; c < expected.schema().size(); c++) {
                    assertColumnsEqual(e.partition().column(c), a.partition().column(c), tolerance, i);
                }
            }
        }
    }

    private static void assertColumnsEqual(Column e, Column a, double tol, int partition) {
        String where = "partition " + partition + ", column '" + e.name() + "'";
        for (int r = 0; r < e.length(); r++) {
            assertEquals(e.isNull(r), a.isNull(r), where + ", row " + r + ": null");
            if (e.isNull(r)) {
                continue;
            }
            if (e.type() == DataType.STRING) {
                assertEquals(e.getString(r), a.getString(r), where + ", row " + r);
            } else if (e.type() == DataType.VECTOR) {
                double[] ev = new double[e.vectorSize()];
                double[] av = new double[a.vectorSize()];
                e.getVector(r, ev);
                a.getVector(r, av);
                for (int j = 0; j < ev.length; j++) {
                    assertEquals(ev[j], av[j], tol, where + ", row " + r + ", element " + j);
                }
            } else {
                assertEquals(e.getDouble(r), a.getDouble(r), tol, where + ", row " + r);
            }
        }
    }
}
