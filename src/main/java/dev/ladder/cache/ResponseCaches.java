package dev.ladder.cache;

import dev.ladder.pipeline.CacheAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The admin view of the configured layers: statistics and deletion, by scope or key. */
public final class ResponseCaches implements CacheAdmin {

    private final Optional<ExactCache> exact;
    private final Optional<SemanticCache> semantic;

    public ResponseCaches(Optional<ExactCache> exact, Optional<SemanticCache> semantic) {
        this.exact = exact;
        this.semantic = semantic;
    }

    @Override
    public List<LayerStats> stats() {
        List<LayerStats> out = new ArrayList<>();
        exact.ifPresent(e -> out.add(e.stats()));
        semantic.ifPresent(s -> out.add(s.stats()));
        return out;
    }

    @Override
    public long purge(Purge purge) {
        return switch (purge) {
            case Purge.All a -> exact.map(e -> e.removePrefix("")).orElse(0L)
                    + semantic.map(s -> s.removeIf(scope -> true)).orElse(0L);
            case Purge.Scope s -> purgeScope(s);
            // keys are exact-layer keys: a semantic entry has no key of its own to quote
            case Purge.Key k -> exact.map(e -> e.removeKey(k.key())).orElse(0L);
        };
    }

    private long purgeScope(Purge.Scope s) {
        String prefix = s.route().map(r -> new CacheScope(s.tenant(), r).prefix())
                .orElseGet(() -> CacheScope.tenantPrefix(s.tenant()));
        long removed = exact.map(e -> e.removePrefix(prefix)).orElse(0L);
        return removed + semantic.map(c -> c.removeIf(scope -> scope.tenant().equals(s.tenant())
                && s.route().map(scope.route()::equals).orElse(true))).orElse(0L);
    }
}
