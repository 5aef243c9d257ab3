package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.RequestContext;

/**
 * Who an entry belongs to: the tenant (the virtual key's team, else the caller's key id, or {@value #ANONYMOUS}
 * without a key) and the
 * route (the {@code x-ladder-feature} tag, or {@link CacheConfig#DEFAULT_ROUTE}). No lookup ever crosses a
 * scope: one tenant's answers are never served to another.
 */
public record CacheScope(String tenant, String route) {

    /** The tenant of requests that carry no bearer token. Key ids start with {@code key_}, so none is this. */
    public static final String ANONYMOUS = "anonymous";

    public CacheScope {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(route, "route is null");
    }

    public static CacheScope of(RequestContext context) {
        // a virtual key's team shares its answers among the team's keys, never with another team
        String tenant = context.team().map(t -> "team:" + t).or(context::keyId).orElse(ANONYMOUS);
        return new CacheScope(tenant, context.feature().orElse(CacheConfig.DEFAULT_ROUTE));
    }

    /** The key prefix of every entry of this scope: {@code <tenant id>:<route id>:}. */
    String prefix() {
        return tenantPrefix(tenant) + Digests.shortHex(route) + ":";
    }

    /** The key prefix of every entry of {@code tenant}: {@code <tenant id>:}. */
    static String tenantPrefix(String tenant) {
        return Digests.shortHex(tenant) + ":";
    }
}
