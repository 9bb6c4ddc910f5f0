package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.persist.StageRegistry;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stages a sweep file may name: every stage class in the {@link StageRegistry} that users construct
 * (estimators and transformers with a public no-argument constructor; fitted models are not listed), by simple
 * class name ({@code LogisticRegression}, {@code StandardScaler}).
 */
final class StageCatalog {
    private final Map<String, Constructor<? extends PipelineStage>> stages = new TreeMap<>();

    StageCatalog() {
        for (String name : StageRegistry.get().classNames()) {
            try {
                Class<?> c = Class.forName(name, false, StageCatalog.class.getClassLoader());
                if (!PipelineStage.class.isAssignableFrom(c) || Model.class.isAssignableFrom(c)
                    || Modifier.isAbstract(c.getModifiers())) {
                    continue;
                }
                Constructor<? extends PipelineStage> ctor = c.asSubclass(PipelineStage.class).getConstructor();
                stages.put(c.getSimpleName(), ctor);
            } catch (ReflectiveOperationException | LinkageError e) {
                // not constructible without arguments: not offered in sweep files
            }
        }
    }

    /** @return the stage names */
    java.util.Set<String> names() {
        return stages.keySet();
    }

    /**
     * @param name a simple class name
     * @return a new stage with default params, or null if there is no such stage
     */
    PipelineStage create(String name) {
        Constructor<? extends PipelineStage> c = stages.get(name);
        if (c == null) {
            return null;
        }
        try {
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new InvalidStateException("cannot construct " + name + ": " + e, e);
        }
    }
}
