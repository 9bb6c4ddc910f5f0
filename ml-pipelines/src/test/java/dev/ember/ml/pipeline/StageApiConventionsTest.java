package dev.ember.ml.pipeline;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.ClusteringEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.evaluation.RegressionEvaluator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.Params;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.pipeline.tuning.CrossValidator;
import dev.ember.ml.pipeline.tuning.TrainValidationSplit;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API conventions of every registered stage, checked by enumeration so that a new stage or a new param
 * cannot miss them: stages are immutable, so every public method that returns the stage type (a setter returning
 * a copy) is marked {@link CheckReturnValue} (IDEs and Error Prone warn when {@code lr.maxIter(5);} drops the
 * copy); and every param has a typed setter named after it ({@code labelCol(String)}, {@code maxIter(int)}), on
 * estimators and transformers for every param, on models for the params their transform reads (columns and
 * thresholds), as Spark's models have.
 */
class StageApiConventionsTest {

    /**
     * Whether a model's transform reads the param (columns it reads or writes, thresholds, invalid-value
     * handling); the others only steered training and a fitted model has no setter for them (Spark's neither).
     */
    private static boolean readAtTransform(Param<?> p) {
        String n = p.name();
        if (n.equals("labelCol") || n.equals("weightCol") || n.equals("validationIndicatorCol")) {
            return false;
        }
        return n.endsWith("Col") || n.endsWith("Cols") || n.equals("threshold") || n.equals("thresholds")
            || n.equals("handleInvalid");
    }

    private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(Integer.class, int.class, Double.class,
        double.class, Long.class, long.class, Boolean.class, boolean.class);

    @Test
    void shouldMarkEveryCopyReturningMethodCheckReturnValueWhenStageIsRegistered() throws Exception {
        List<String> missing = new ArrayList<>();
        Set<String> classes = stagesAndEvaluators();
        assertTrue(classes.size() > 40, "expected every module's stages registered, found " + classes);
        for (String name : classes) {
            Class<?> type = Class.forName(name);
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || !(PipelineStage.class.isAssignableFrom(m.getReturnType())
                    || Evaluator.class.isAssignableFrom(m.getReturnType()))) {
                    continue;
                }
                if (!checkReturnValue(m)) {
                    missing.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "methods returning a stage copy without @CheckReturnValue: " + missing);
    }

    @Test
    void shouldHaveTypedSetterForEveryParamWhenStageIsRegistered() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String name : stagesAndEvaluators()) {
            Class<?> type = Class.forName(name);
            boolean model = Model.class.isAssignableFrom(type);
            for (Param<?> p : paramsOf(type)) {
                if (model && !readAtTransform(p)) {
                    continue;
                }
                checked++;
                if (!hasTypedSetter(type, p)) {
                    missing.add(type.getSimpleName() + "." + p.name() + "(" + p.type().name() + ")");
                }
            }
        }
        assertTrue(checked > 200, "expected the params of every stage, checked " + checked);
        assertTrue(missing.isEmpty(), "params without a typed setter (only .with(Param, value) today): " + missing);
    }

    /** Every registered stage, the estimators that only their models register, and the evaluators. */
    private static Set<String> stagesAndEvaluators() {
        Set<String> names = new TreeSet<>(StageRegistry.get().classNames());
        for (Class<?> c : List.of(CrossValidator.class, TrainValidationSplit.class,
            BinaryClassificationEvaluator.class, MulticlassClassificationEvaluator.class, RegressionEvaluator.class,
            ClusteringEvaluator.class)) {
            names.add(c.getName());
        }
        return names;
    }

    private static boolean checkReturnValue(Method m) {
        if (m.isAnnotationPresent(CanIgnoreReturnValue.class)) {
            return false;
        }
        return m.isAnnotationPresent(CheckReturnValue.class)
            || m.getDeclaringClass().isAnnotationPresent(CheckReturnValue.class)
            || m.getDeclaringClass().getPackage().isAnnotationPresent(CheckReturnValue.class);
    }

    private static boolean hasTypedSetter(Class<?> type, Param<?> p) {
        Class<?> value = p.type().valueClass();
        Class<?> primitive = PRIMITIVES.get(value);
        for (Method m : type.getMethods()) {
            // the return type is the stage's, or a base's self type variable (erased to the base)
            if (m.getName().equals(p.name()) && m.getParameterCount() == 1 && m.getReturnType().isAssignableFrom(type)
                && !Modifier.isStatic(m.getModifiers())) {
                Class<?> arg = m.getParameterTypes()[0];
                if (arg == value || arg == primitive) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A stage's params: from a new instance, or for a model (no public constructor) from an instance's list. */
    private static List<Param<?>> paramsOf(Class<?> type) throws Exception {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() == 0) {
                return ((Params) c.newInstance()).params();
            }
        }
        // models are built only by their trainers; params() of every model reads a static list, so an instance
        // made without a constructor answers it
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
        return ((Params) unsafe.allocateInstance(type)).params();
    }
}
