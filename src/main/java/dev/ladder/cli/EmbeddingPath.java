package dev.ladder.cli;

import dev.ladder.api.ErrorMapper;
import dev.ladder.cache.CacheConfig;
import dev.ladder.cache.MemoryCacheStore;
import dev.ladder.config.LadderConfig;
import dev.ladder.embed.Embedders;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.pipeline.CacheStore;
import dev.ladder.pipeline.EmbeddingGateway;
import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.azure.AzureOpenAi;
import dev.ladder.providers.local.LocalEmbeddingProvider;
import dev.ladder.providers.openai.OpenAiEmbeddingProvider;
import dev.ladder.upstream.EmbeddingService;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /v1/embeddings} path of a configuration: one embedding provider per provider the deployments
 * use (the in-jar model for {@code local}), and the cache. Embeddings are a pure function of their inputs, so
 * they are always cached: in the exact cache's store when one is configured (Redis then shares them between
 * replicas), else in a memory store of the exact cache's default size, for the exact cache's time to live.
 */
record EmbeddingPath(EmbeddingGateway gateway, Map<String, EmbeddingProvider> providers, Optional<CacheStore> ownStore)
        implements AutoCloseable {

    /** The in-jar model needs no network; this only bounds a call that should never take this long. */
    private static final Duration LOCAL_TIMEOUT = Duration.ofMinutes(1);

    static EmbeddingPath create(LadderConfig config, Optional<CacheStore> exactStore, GatewayEvents events,
            InstantSource clock) {
        Map<String, EmbeddingProvider> providers = new LinkedHashMap<>();
        Map<String, EmbeddingService.Deployment> deployments = new LinkedHashMap<>();
        for (EmbeddingSpec spec : config.embeddings().values()) {
            EmbeddingProvider provider = providers.computeIfAbsent(spec.provider(), p -> provider(config, p));
            Duration timeout = spec.isLocal() ? LOCAL_TIMEOUT : config.providers().get(spec.provider()).requestTimeout();
            deployments.put(spec.name(), new EmbeddingService.Deployment(spec, provider, timeout));
        }
        Optional<CacheStore> own = exactStore.isEmpty() && !deployments.isEmpty()
                ? Optional.of(new MemoryCacheStore(CacheConfig.Exact.DEFAULT_MAX_ENTRIES,
                        CacheConfig.Exact.DEFAULT_MAX_BYTES, clock))
                : Optional.empty();
        EmbeddingService service = new EmbeddingService(deployments, exactStore.or(() -> own),
                config.cache().exact().ttl(), events, clock, ErrorMapper::status);
        return new EmbeddingPath(service, Map.copyOf(providers), own);
    }

    private static EmbeddingProvider provider(LadderConfig config, String name) {
        if (name.equals(EmbeddingSpec.LOCAL)) {
            return new LocalEmbeddingProvider(Embedders.miniLmLean());
        }
        ProviderConfig p = config.providers().get(name);
        return switch (p.kind()) {
            case AZURE -> AzureOpenAi.embeddings(p);
            case OPENAI -> new OpenAiEmbeddingProvider(p);
            case ANTHROPIC, GEMINI, SIMULATED -> throw new IllegalArgumentException("embeddings." + name
                    + ": provider kind " + p.kind().wireName() + " has no embeddings API");
        };
    }

    @Override
    public void close() {
        providers.values().forEach(EmbeddingProvider::close);
        ownStore.ifPresent(CacheStore::close);
    }
}
