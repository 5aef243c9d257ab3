package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.cache.CacheConfig;
import dev.ladder.model.Capability;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.ModelSpec;
import dev.ladder.webhooks.WebhookConfig;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.telemetry.TelemetryConfig;
import dev.ladder.validate.ValidationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML configuration into a validated {@link LadderConfig}. Every problem found is collected and thrown
 * together in a {@link ConfigException} whose errors name the config path ({@code models.fast.price.input:
 * must be >= 0}); no secret ever appears in one. The format is documented in {@code docs/config.md}.
 */
public final class ConfigLoader {

    /** The context window of a model that does not configure one. */
    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    /** The capabilities of a model that does not list any: every supported wire format can stream. */
    public static final Set<Capability> DEFAULT_CAPABILITIES = Set.of(Capability.STREAMING);

    static final List<String> KEYS = List.of("server", "providers", "models", "aliases", "embeddings", "tiers",
            "routing", "validation", "resilience", "cache", "jobs", "webhooks", "telemetry", "state");
    private static final String DEMO = "/dev/ladder/demo.yaml";

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}; relative paths in it (such as {@code server.data_dir}) are resolved against its
     * directory, and {@code ${VAR}} references against {@code env}.
     */
    public static LadderConfig load(Path file, Map<String, String> env) {
        requireNonNull(file, "file is null");
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new ConfigError("", "cannot read " + file + ": " + reason(e)));
        }
        return parse(yaml, file.toAbsolutePath().getParent(), env);
    }

    /** Parses {@code yaml}; relative paths are resolved against {@code baseDir}, {@code ${VAR}} against {@code env}. */
    public static LadderConfig parse(String yaml, Path baseDir, Map<String, String> env) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(baseDir, "baseDir is null");
        requireNonNull(env, "env is null");
        JsonNode json = YamlSource.read(yaml);
        Problems problems = new Problems();
        YamlTree root = YamlTree.root(json, problems, env).allowKeys(KEYS);

        ServerConfig server = ServerSection.read(root.get("server"), baseDir);
        StateConfig state = StateSection.read(root.get("state"));
        YamlTree providersNode = root.get("providers");
        Map<String, ProviderConfig> providers = ProviderSection.read(providersNode, baseDir);
        YamlTree modelsNode = root.get("models");
        Map<String, ModelSpec> models = ModelSection.read(modelsNode, providersNode.keys(), providers);
        Map<Tier, List<String>> tiers = TierSection.read(root.get("tiers"), modelsNode.keys());
        RoutingConfig routing = RoutingSection.read(root.get("routing"), modelsNode.keys(), baseDir,
                ModelSection.weights(modelsNode));
        ValidationConfig validation = ValidationSection.read(root.get("validation"), modelsNode.keys());
        ResilienceConfig resilience = ResilienceSection.read(root.get("resilience"));
        CacheConfig cache = CacheSection.read(root.get("cache"), state.redis());
        Map<String, List<String>> aliases = AliasSection.read(root.get("aliases"), modelsNode.keys(), routing.alias());
        Map<String, EmbeddingSpec> embeddings = EmbeddingSection.read(root.get("embeddings"), modelsNode.keys(),
                providers, providersNode.keys());
        JobsConfig jobs = JobsSection.jobs(root.get("jobs"), state.database());
        WebhookConfig webhooks = JobsSection.webhooks(root.get("webhooks"));
        TelemetryConfig telemetry = TelemetrySection.read(root.get("telemetry"));

        problems.throwIfAny();
        return new LadderConfig(server, providers, models, tiers, routing, validation, resilience, cache, aliases, jobs,
                webhooks, telemetry, embeddings, state);
    }

    /**
     * The shipped demo configuration: one simulated provider with a small, a medium and a large model, so Ladder
     * runs with no API key. Its data directory is {@code dataDir}.
     */
    public static LadderConfig loadDemo(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO)) {
            if (in == null) {
                throw new IllegalStateException("demo config " + DEMO + " is missing from the classpath");
            }
            LadderConfig demo = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), dataDir, Map.of());
            return demo.withServer(demo.server().withDataDir(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo config " + DEMO, e);
        }
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException _ -> "no such file";
            case AccessDeniedException _ -> "permission denied";
            case CharacterCodingException _ -> "not valid UTF-8";
            default -> e.toString();
        };
    }
}
