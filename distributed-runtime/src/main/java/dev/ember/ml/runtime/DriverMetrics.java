package dev.ember.ml.runtime;

import dev.ember.ml.core.observe.EmberMetrics;
import dev.ember.ml.core.observe.MetricNames;
import dev.ember.ml.core.observe.RuntimeMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's executor meters: joins, losses, members now, and each member's heartbeat age (a gauge read when
 * scraped, removed when the executor is lost). Called from the driver agent on membership changes only.
 */
final class DriverMetrics {
    private static final Map<Integer, Meter> HEARTBEAT_AGES = new ConcurrentHashMap<>();
    /** The active-executors gauge and the driver it reads (one at a time: the newest driver of this JVM). */
    private static Meter activeGauge;
    private static DriverAgent activeOwner;

    private DriverMetrics() {
    }

    /** @param agent a new driver: its member count becomes the active-executors gauge */
    static synchronized void register(DriverAgent agent) {
        RuntimeMetrics.registerZeroes(RuntimeMetrics.CLUSTER);
        // a gauge registered again under the same name returns the first one, which would keep reading an
        // earlier (closed, perhaps collected) driver of this JVM: replace it
        if (activeGauge != null) {
            Metrics.globalRegistry.remove(activeGauge);
        }
        activeGauge = Gauge.builder(MetricNames.EXECUTORS_ACTIVE, agent, DriverAgent::memberCount)
            .strongReference(true).register(Metrics.globalRegistry);
        activeOwner = agent;
    }

    /** @param agent a driver that closes: its active-executors gauge goes, if it still has it */
    static synchronized void closed(DriverAgent agent) {
        if (activeOwner == agent && activeGauge != null) {
            Metrics.globalRegistry.remove(activeGauge);
            activeGauge = null;
            activeOwner = null;
        }
    }

    /** @param m an executor that joined */
    static void joined(DriverAgent.Member m) {
        RuntimeMetrics.executorJoined();
        Meter g = Gauge.builder(MetricNames.EXECUTOR_HEARTBEAT_AGE, m, x -> (System.nanoTime() - x.lastSeenNs) / 1e9)
            .baseUnit("seconds").tag(EmberMetrics.TAG_EXECUTOR, Integer.toString(m.id))
            .strongReference(true).register(Metrics.globalRegistry);
        HEARTBEAT_AGES.put(m.id, g);
    }

    /** @param m an executor declared lost */
    static void lost(DriverAgent.Member m) {
        RuntimeMetrics.executorLost();
        Meter g = HEARTBEAT_AGES.remove(m.id);
        if (g != null) {
            Metrics.globalRegistry.remove(g);
        }
    }

    /** @param members the executors of a driver that closes: their gauges go */
    static void closed(Iterable<DriverAgent.Member> members) {
        for (DriverAgent.Member m : members) {
            Meter g = HEARTBEAT_AGES.remove(m.id);
            if (g != null) {
                Metrics.globalRegistry.remove(g);
            }
        }
    }

    /**
     * @param className a kernel's binary class name
     * @return its simple name, the kernel tag
     */
    static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }
}
