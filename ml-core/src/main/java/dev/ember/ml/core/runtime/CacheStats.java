package dev.ember.ml.core.runtime;

/**
 * A snapshot of the partition cache's counters.
 *
 * @param maxBytes the budget ({@code ember.cache.maxBytes})
 * @param usedBytes off-heap bytes held now
 * @param peakBytes the most ever held at once
 * @param cachedPartitions partitions held now
 * @param hits acquisitions served from the cache
 * @param misses acquisitions that computed the partition
 * @param evictions partitions evicted to stay under the budget
 */
public record CacheStats(long maxBytes, long usedBytes, long peakBytes, int cachedPartitions, long hits,
                         long misses, long evictions) {
}
