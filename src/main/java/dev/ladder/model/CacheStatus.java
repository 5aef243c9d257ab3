package dev.ladder.model;

/** How the response cache took part in a request. */
public enum CacheStatus {
    /** No cache is configured for this route, or the request asked to skip it. */
    BYPASS,
    MISS,
    EXACT,
    SEMANTIC;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** True when a cache layer answered. */
    public boolean isHit() {
        return this == EXACT || this == SEMANTIC;
    }

    public String wireName() {
        return wireName;
    }
}
