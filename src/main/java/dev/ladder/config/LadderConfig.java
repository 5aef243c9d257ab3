package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.cache.CacheConfig;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.validate.ValidationConfig;
import dev.ladder.webhooks.WebhookConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole validated configuration. Built only by {@link ConfigLoader}, which guarantees cross-references
 * hold: every model names a configured provider, every tier lists configured models, every tier is non-empty,
 * every {@code self_eval} judge is a configured model.
 */
public record LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
        Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
        ResilienceConfig resilience, CacheConfig cache, JobsConfig jobs, WebhookConfig webhooks) {

    public LadderConfig {
        requireNonNull(jobs, "jobs is null");
        requireNonNull(webhooks, "webhooks is null");
        requireNonNull(server, "server is null");
        providers = Map.copyOf(providers);
        models = Map.copyOf(models);
        tiers = Map.copyOf(tiers);
        requireNonNull(routing, "routing is null");
        requireNonNull(validation, "validation is null");
        requireNonNull(resilience, "resilience is null");
        requireNonNull(cache, "cache is null");
    }

    /** A configuration with the default job queue (SQLite) and no webhooks. */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
            ResilienceConfig resilience, CacheConfig cache) {
        this(server, providers, models, tiers, routing, validation, resilience, cache, JobsConfig.DEFAULTS,
                WebhookConfig.DEFAULTS);
    }

    /** A configuration without response caches ({@link CacheConfig#DEFAULTS}). */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
            ResilienceConfig resilience) {
        this(server, providers, models, tiers, routing, validation, resilience, CacheConfig.DEFAULTS);
    }

    /** A configuration with the default validation, resilience and cache settings. */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing) {
        this(server, providers, models, tiers, routing, ValidationConfig.DEFAULTS, ResilienceConfig.DEFAULTS);
    }

    public Optional<ModelSpec> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The models of a tier, in configured order. */
    public List<ModelSpec> tierModels(Tier tier) {
        return tiers.getOrDefault(tier, List.of()).stream().map(models::get).toList();
    }

    /** The model whose price is the all-frontier baseline: the first model of the complex tier. */
    public ModelSpec baselineModel() {
        return tierModels(Tier.COMPLEX).getFirst();
    }

    public LadderConfig withServer(ServerConfig newServer) {
        return new LadderConfig(newServer, providers, models, tiers, routing, validation, resilience, cache,
                jobs, webhooks);
    }

    public LadderConfig withProviders(Map<String, ProviderConfig> newProviders) {
        return new LadderConfig(server, newProviders, models, tiers, routing, validation, resilience, cache,
                jobs, webhooks);
    }

    public LadderConfig withRouting(RoutingConfig newRouting) {
        return new LadderConfig(server, providers, models, tiers, newRouting, validation, resilience, cache,
                jobs, webhooks);
    }

    public LadderConfig withResilience(ResilienceConfig newResilience) {
        return new LadderConfig(server, providers, models, tiers, routing, validation, newResilience, cache,
                jobs, webhooks);
    }

    public LadderConfig withCache(CacheConfig newCache) {
        return new LadderConfig(server, providers, models, tiers, routing, validation, resilience, newCache, jobs,
                webhooks);
    }

    public LadderConfig withJobs(JobsConfig newJobs) {
        return new LadderConfig(server, providers, models, tiers, routing, validation, resilience, cache, newJobs,
                webhooks);
    }

    public LadderConfig withWebhooks(WebhookConfig newWebhooks) {
        return new LadderConfig(server, providers, models, tiers, routing, validation, resilience, cache, jobs,
                newWebhooks);
    }
}
