package dev.ember.ml.core.persist;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The stage classes that can be loaded, by class name, filled from every {@link StageProvider}. */
public final class StageRegistry {
    private static volatile StageRegistry instance;

    private final Map<String, StageLoader<?>> loaders = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();

    /** @return the registry of the stages on the class path */
    public static StageRegistry get() {
        StageRegistry r = instance;
        if (r == null) {
            synchronized (StageRegistry.class) {
                r = instance;
                if (r == null) {
                    r = new StageRegistry();
                    for (StageProvider p : ServiceLoader.load(StageProvider.class,
                        StageRegistry.class.getClassLoader())) {
                        p.registerStages(r);
                    }
                    instance = r;
                }
            }
        }
        return r;
    }

    /**
     * @param type a stage class
     * @param loader how to rebuild it
     * @param <S> the stage type
     * @return this
     */
    public <S extends PipelineStage> StageRegistry register(Class<S> type, StageLoader<S> loader) {
        return register(type, 1, loader);
    }

    /**
     * Registers a stage class whose saved data has changed shape: it writes {@code formatVersion} and its loader
     * reads every version from 1 up to it ({@link StageReader#stageFormatVersion()}).
     *
     * @param type a stage class
     * @param formatVersion the version of the stage's own saved data that this release writes (&gt;= 1)
     * @param loader how to rebuild it from any version up to {@code formatVersion}
     * @param <S> the stage type
     * @return this
     */
    public <S extends PipelineStage> StageRegistry register(Class<S> type, int formatVersion, StageLoader<S> loader) {
        if (formatVersion < 1) {
            throw new InvalidArgumentException("format version of " + type.getName() + ": found " + formatVersion
                + ", expected >= 1");
        }
        loaders.put(type.getName(), loader);
        versions.put(type.getName(), formatVersion);
        return this;
    }

    /** @return the class names of every registered stage, sorted (the sweep file names stages by these) */
    public java.util.SortedSet<String> classNames() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(loaders.keySet()));
    }

    /**
     * @param className a stage class name
     * @return the version of its saved data this release writes and reads up to (1 for an unregistered class)
     */
    public int formatVersion(String className) {
        return versions.getOrDefault(className, 1);
    }

    /**
     * @param className a saved class name
     * @return its loader
     * @throws PersistenceException naming the class and the ones that are known
     */
    public StageLoader<?> loader(String className) {
        StageLoader<?> l = loaders.get(className);
        if (l == null) {
            throw new PersistenceException("unknown stage class " + className + "; loadable classes are "
                + new TreeMap<>(loaders).keySet() + " (is the module that defines it on the class path?)");
        }
        return l;
    }
}
