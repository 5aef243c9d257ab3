package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the admin API may do with the response caches: read their statistics and delete entries. Implemented
 * by {@code dev.ladder.cache}, served by the HTTP edge at {@code /admin/cache}.
 */
public interface CacheAdmin {

    /** No cache configured: no layers, nothing to delete. */
    CacheAdmin NONE = new CacheAdmin() {
        @Override
        public List<LayerStats> stats() {
            return List.of();
        }

        @Override
        public long purge(Purge purge) {
            return 0;
        }
    };

    /** One entry per configured layer, in path order. */
    List<LayerStats> stats();

    /** Deletes what {@code purge} selects, in every layer it applies to; returns how many entries went. */
    long purge(Purge purge);

    /**
     * Counters of one layer since the gateway started (entries and bytes are what it holds now; bytes is empty
     * when its store cannot tell cheaply). {@code savedCostUsd} adds up what its hits saved.
     */
    record LayerStats(CacheLayer layer, long entries, OptionalLong bytes, long hits, long misses,
            double savedCostUsd) {

        public LayerStats {
            requireNonNull(layer, "layer is null");
            requireNonNull(bytes, "bytes is null");
        }

        /** Hits over lookups, 0 before the first lookup. */
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }

    /** What to delete. */
    sealed interface Purge {

        /** Everything, in every layer. */
        record All() implements Purge {
        }

        /** Everything of one tenant (a key id, or {@code anonymous}), or only of one of its routes. */
        record Scope(String tenant, Optional<String> route) implements Purge {
            public Scope {
                requireNonNull(tenant, "tenant is null");
                requireNonNull(route, "route is null");
            }
        }

        /** One exact-cache entry, by the key its answer carried in {@code x-ladder-cache-key}. */
        record Key(String key) implements Purge {
            public Key {
                requireNonNull(key, "key is null");
            }
        }
    }
}
