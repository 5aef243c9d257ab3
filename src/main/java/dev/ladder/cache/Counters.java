package dev.ladder.cache;

import dev.ladder.pipeline.CacheAdmin.LayerStats;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.CacheStore;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Lookups of one layer since start: hits, misses, and what the hits saved. */
final class Counters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final DoubleAdder saved = new DoubleAdder();

    void hit(double savedCostUsd) {
        hits.increment();
        saved.add(savedCostUsd);
    }

    void miss() {
        misses.increment();
    }

    LayerStats stats(CacheLayer layer, CacheStore.Size size) {
        return new LayerStats(layer, size.entries(), size.bytes(), hits.sum(), misses.sum(), saved.sum());
    }
}
