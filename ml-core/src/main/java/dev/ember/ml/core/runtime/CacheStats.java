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

    /** @return the counters for people: {@code 4 partitions, 135.6 KiB of 11.8 GiB (peak ...), 52 hits, ...} */
    @Override
    public String toString() {
        return cachedPartitions + " partitions, " + ByteSizes.format(usedBytes) + " of " + ByteSizes.format(maxBytes)
            + " (peak " + ByteSizes.format(peakBytes) + "), " + hits + " hits, " + misses + " misses, " + evictions
            + " evictions";
    }
}
