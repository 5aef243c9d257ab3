package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.cache.CacheConfig;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.telemetry.TelemetryConfig;
import dev.ladder.validate.ValidationConfig;
import dev.ladder.webhooks.WebhookConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole validated configuration. Built only by {@link ConfigLoader}, which guarantees cross-references
 * hold: every model names a configured provider, every tier lists configured models, every tier is non-empty,
 * every {@code self_eval} judge is a configured model, every alias lists configured models, every embedding
 * deployment names an OpenAI-compatible (openai, azure) provider or the in-jar {@code local} model.
 */
public record LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
        Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
        ResilienceConfig resilience, CacheConfig cache, Map<String, List<String>> aliases, JobsConfig jobs,
        WebhookConfig webhooks, TelemetryConfig telemetry, Map<String, EmbeddingSpec> embeddings, StateConfig state) {

    public LadderConfig {
        requireNonNull(state, "state is null");
        requireNonNull(jobs, "jobs is null");
        requireNonNull(webhooks, "webhooks is null");
        requireNonNull(telemetry, "telemetry is null");
        requireNonNull(server, "server is null");
        providers = Map.copyOf(providers);
        models = Map.copyOf(models);
        tiers = Map.copyOf(tiers);
        requireNonNull(routing, "routing is null");
        requireNonNull(validation, "validation is null");
        requireNonNull(resilience, "resilience is null");
        requireNonNull(cache, "cache is null");
        Map<String, List<String>> a = new java.util.LinkedHashMap<>();
        aliases.forEach((name, members) -> a.put(name, List.copyOf(members)));
        aliases = java.util.Collections.unmodifiableMap(a);
        embeddings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(embeddings));
    }

    /** A configuration whose shared state is local ({@link StateConfig#LOCAL}). */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
            ResilienceConfig resilience, CacheConfig cache, Map<String, List<String>> aliases, JobsConfig jobs,
            WebhookConfig webhooks, TelemetryConfig telemetry, Map<String, EmbeddingSpec> embeddings) {
        this(server, providers, models, tiers, routing, validation, resilience, cache, aliases, jobs, webhooks,
                telemetry, embeddings, StateConfig.LOCAL);
    }

    /** A configuration without embedding deployments. */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
            ResilienceConfig resilience, CacheConfig cache, Map<String, List<String>> aliases, JobsConfig jobs,
            WebhookConfig webhooks, TelemetryConfig telemetry) {
        this(server, providers, models, tiers, routing, validation, resilience, cache, aliases, jobs, webhooks,
                telemetry, Map.of());
    }

    /**
     * A configuration without model aliases or embedding deployments, with the default job queue (SQLite), no
     * webhooks and the default telemetry (no traces, text request lines).
     */
    public LadderConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelSpec> models,
            Map<Tier, List<String>> tiers, RoutingConfig routing, ValidationConfig validation,
            ResilienceConfig resilience, CacheConfig cache) {
        this(server, providers, models, tiers, routing, validation, resilience, cache, Map.of(), JobsConfig.DEFAULTS,
                WebhookConfig.DEFAULTS, TelemetryConfig.DEFAULTS);
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

    /** The models an alias stands for, in configured order; empty when {@code name} is no alias. */
    public List<ModelSpec> aliasModels(String name) {
        return aliases.getOrDefault(name, List.of()).stream().map(models::get).toList();
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
        return edit(p -> p.server = newServer);
    }

    public LadderConfig withProviders(Map<String, ProviderConfig> newProviders) {
        return edit(p -> p.providers = newProviders);
    }

    public LadderConfig withRouting(RoutingConfig newRouting) {
        return edit(p -> p.routing = newRouting);
    }

    public LadderConfig withResilience(ResilienceConfig newResilience) {
        return edit(p -> p.resilience = newResilience);
    }

    public LadderConfig withCache(CacheConfig newCache) {
        return edit(p -> p.cache = newCache);
    }

    public LadderConfig withJobs(JobsConfig newJobs) {
        return edit(p -> p.jobs = newJobs);
    }

    public LadderConfig withWebhooks(WebhookConfig newWebhooks) {
        return edit(p -> p.webhooks = newWebhooks);
    }

    public LadderConfig withTelemetry(TelemetryConfig newTelemetry) {
        return edit(p -> p.telemetry = newTelemetry);
    }

    /** A copy with {@code change} applied: the one place the withers list every component. */
    private LadderConfig edit(Consumer<Sections> change) {
        Sections p = new Sections(this);
        change.accept(p);
        return new LadderConfig(p.server, p.providers, models, tiers, p.routing, validation, p.resilience, p.cache,
                aliases, p.jobs, p.webhooks, p.telemetry, embeddings, state);
    }

    /** The sections a wither may replace. */
    private static final class Sections {
        ServerConfig server;
        Map<String, ProviderConfig> providers;
        RoutingConfig routing;
        ResilienceConfig resilience;
        CacheConfig cache;
        JobsConfig jobs;
        WebhookConfig webhooks;
        TelemetryConfig telemetry;

        Sections(LadderConfig c) {
            server = c.server;
            providers = c.providers;
            routing = c.routing;
            resilience = c.resilience;
            cache = c.cache;
            jobs = c.jobs;
            webhooks = c.webhooks;
            telemetry = c.telemetry;
        }
    }
}
