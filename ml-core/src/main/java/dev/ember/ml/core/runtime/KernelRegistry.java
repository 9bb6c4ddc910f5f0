package dev.ember.ml.core.runtime;

import dev.ember.ml.core.MlException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The kernels a runtime will run, by class name. A call naming a class that was not registered is refused: this
 * list, not the caller, decides what code an executor instantiates.
 */
public final class KernelRegistry {
    private final Map<String, AggregateKernel<?>> aggregates = new ConcurrentHashMap<>();
    private final Map<String, MapKernel> maps = new ConcurrentHashMap<>();

    /** @return a registry filled from every {@link KernelProvider} on the class path */
    public static KernelRegistry fromServiceLoader() {
        KernelRegistry r = new KernelRegistry();
        for (KernelProvider p : ServiceLoader.load(KernelProvider.class, KernelRegistry.class.getClassLoader())) {
            p.registerKernels(r);
        }
        return r;
    }

    /**
     * @param type the kernel class
     * @param factory makes the (stateless) instance
     * @param <K> the kernel type
     * @return this
     */
    public <K extends AggregateKernel<?>> KernelRegistry registerAggregate(Class<K> type, Supplier<K> factory) {
        aggregates.put(type.getName(), factory.get());
        return this;
    }

    /**
     * @param type the kernel class
     * @param factory makes the (stateless) instance
     * @param <K> the kernel type
     * @return this
     */
    public <K extends MapKernel> KernelRegistry registerMap(Class<K> type, Supplier<K> factory) {
        maps.put(type.getName(), factory.get());
        return this;
    }

    /**
     * @param className a kernel class name
     * @return the registered instance
     * @throws MlException if none is registered under that name
     */
    public AggregateKernel<?> aggregate(String className) {
        AggregateKernel<?> k = aggregates.get(className);
        if (k == null) {
            throw new MlException("aggregate kernel " + className + " is not registered with this runtime; register"
                + " it through a KernelProvider listed in META-INF/services");
        }
        return k;
    }

    /**
     * @param className a kernel class name
     * @return the registered instance
     * @throws MlException if none is registered under that name
     */
    public MapKernel map(String className) {
        MapKernel k = maps.get(className);
        if (k == null) {
            throw new MlException("map kernel " + className + " is not registered with this runtime; register it"
                + " through a KernelProvider listed in META-INF/services");
        }
        return k;
    }

    /**
     * @param call an aggregation call
     * @param <A> the accumulator type
     * @return its registered kernel
     */
    @SuppressWarnings("unchecked")
    public <A> AggregateKernel<A> resolve(AggregateCall<A> call) {
        return (AggregateKernel<A>) aggregate(call.kernel().getName());
    }

    /**
     * @param call a map call
     * @return its registered kernel
     */
    public MapKernel resolve(MapCall call) {
        return map(call.kernel().getName());
    }
}
