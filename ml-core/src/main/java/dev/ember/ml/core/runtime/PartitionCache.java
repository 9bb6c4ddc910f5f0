package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Partition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Keeps computed partitions off-heap under a byte budget, least-recently-used first out.
 *
 * <p>A partition handed out by {@link #acquire} is pinned until its {@link PartitionRef} closes; only unpinned
 * partitions are evicted. When the pinned partitions alone exceed the budget the cache holds more than the
 * budget until they are released (it never frees memory in use). Concurrent acquisitions of the same missing
 * partition compute it once. An evicted partition is simply computed again, from its lineage, by the next
 * {@link #acquire}.
 */
public final class PartitionCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCache.class);

    /**
     * A cached partition's key.
     *
     * @param sourceId the lineage node's id
     * @param index the partition
     */
    public record Key(String sourceId, int index) {
    }

    private static final class Entry {
        final Partition partition;
        final long bytes;
        int pins;

        Entry(Partition partition) {
            this.partition = partition;
            this.bytes = partition.sizeInBytes();
        }
    }

    private static final int MAX_EVICTED_KEYS = 1 << 16;

    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, CompletableFuture<Void>> loading = new LinkedHashMap<>();
    private long usedBytes;
    private long peakBytes;
    private long hits;
    private long misses;
    private long evictions;
    private long recomputations;
    /** Keys evicted and not yet computed again (bounded): a miss on one is a recomputation. */
    private final Set<Key> evictedKeys = new HashSet<>();
    private boolean warnedOverBudget;

    /** @param maxBytes the budget in bytes */
    public PartitionCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the cached partition, computing and caching it on a miss.
     *
     * @param key the partition's key
     * @param compute computes the partition (called without locks held)
     * @return a pinned handle; close it to unpin
     */
    public PartitionRef acquire(Key key, Supplier<Partition> compute) {
        while (true) {
            CompletableFuture<Void> wait;
            CompletableFuture<Void> mine = null;
            synchronized (this) {
                Entry e = entries.get(key);
                if (e != null) {
                    e.pins++;
                    hits++;
                    return pinned(key, e);
                }
                wait = loading.get(key);
                if (wait == null) {
                    mine = new CompletableFuture<>();
                    loading.put(key, mine);
                    misses++;
                    if (evictedKeys.remove(key)) {
                        recomputations++;
                    }
                }
            }
            if (mine == null) {
                awaitQuietly(wait);
                continue;
            }
            Partition p;
            try {
                p = compute.get();
            } catch (RuntimeException | Error t) {
                synchronized (this) {
                    loading.remove(key);
                }
                mine.complete(null);
                throw t;
            }
            Entry e = new Entry(p);
            List<Partition> evicted;
            synchronized (this) {
                loading.remove(key);
                e.pins = 1;
                entries.put(key, e);
                usedBytes += e.bytes;
                peakBytes = Math.max(peakBytes, usedBytes);
                evicted = evictOverBudget();
            }
            mine.complete(null);
            closeAll(evicted);
            return pinned(key, e);
        }
    }

    private PartitionRef pinned(Key key, Entry e) {
        return new PartitionRef(e.partition, () -> unpin(key, e));
    }

    private void unpin(Key key, Entry e) {
        List<Partition> evicted;
        synchronized (this) {
            e.pins--;
            if (entries.get(key) != e) {
                // invalidated while pinned: the last user frees it
                if (e.pins == 0) {
                    evicted = List.of(e.partition);
                } else {
                    evicted = List.of();
                }
            } else {
                evicted = evictOverBudget();
            }
        }
        closeAll(evicted);
    }

    /** Must hold the lock. Unlinks least-recently-used unpinned entries until under budget. */
    private List<Partition> evictOverBudget() {
        List<Partition> out = new ArrayList<>();
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (usedBytes > maxBytes && it.hasNext()) {
            Map.Entry<Key, Entry> me = it.next();
            Entry e = me.getValue();
            if (e.pins == 0) {
                it.remove();
                usedBytes -= e.bytes;
                evictions++;
                if (evictedKeys.size() < MAX_EVICTED_KEYS) {
                    evictedKeys.add(me.getKey());
                }
                out.add(e.partition);
            }
        }
        if (usedBytes > maxBytes && !warnedOverBudget) {
            warnedOverBudget = true;
            LOG.warn("partition cache holds {} of partitions in use, over its budget of {} ({}); they are"
                + " freed as soon as they are released", ByteSizes.format(usedBytes), ByteSizes.format(maxBytes),
                RuntimeConfig.CACHE_MAX_BYTES_PROP);
        }
        return out;
    }

    /**
     * Drops every partition of a source; pinned ones are freed when their last user releases them.
     *
     * @param sourceId the lineage node's id
     */
    public void invalidate(String sourceId) {
        List<Partition> freed = new ArrayList<>();
        synchronized (this) {
            evictedKeys.removeIf(k -> k.sourceId().equals(sourceId));
            Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Entry> me = it.next();
                if (me.getKey().sourceId().equals(sourceId)) {
                    it.remove();
                    usedBytes -= me.getValue().bytes;
                    if (me.getValue().pins == 0) {
                        freed.add(me.getValue().partition);
                    }
                }
            }
        }
        closeAll(freed);
    }

    /** @return partitions computed again from their lineage after they were evicted */
    public synchronized long recomputations() {
        return recomputations;
    }

    /** @return the counters now */
    public synchronized CacheStats stats() {
        return new CacheStats(maxBytes, usedBytes, peakBytes, entries.size(), hits, misses, evictions);
    }

    /** Frees every unpinned partition; pinned ones are freed on release. */
    @Override
    public void close() {
        List<Partition> freed = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                if (e.pins == 0) {
                    freed.add(e.partition);
                }
            }
            entries.clear();
            usedBytes = 0;
        }
        closeAll(freed);
    }

    private static void closeAll(List<Partition> ps) {
        for (Partition p : ps) {
            p.close();
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidStateException("interrupted while waiting for a partition being computed", e);
        } catch (ExecutionException e) {
            // the loader failed; the caller retries and sees the failure itself
        }
    }
}
