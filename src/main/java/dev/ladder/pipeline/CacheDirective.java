package dev.ladder.pipeline;

/**
 * What the caller's {@code Cache-Control} request header asks of Ladder's response caches. Parsed at the
 * edge; the cache stages obey it.
 */
public enum CacheDirective {
    /** No directive: look up, and store a complete answer. */
    DEFAULT,
    /** {@code no-cache}: do not answer from a cache, but store the fresh answer. */
    NO_CACHE,
    /** {@code no-store}: neither look up nor store. */
    NO_STORE;

    public boolean mayLookUp() {
        return this == DEFAULT;
    }

    public boolean mayStore() {
        return this != NO_STORE;
    }
}
