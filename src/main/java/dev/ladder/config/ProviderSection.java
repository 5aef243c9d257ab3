package dev.ladder.config;

import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.Secret;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code providers}: one entry per upstream, keyed by the name models refer to. Which keys a provider
 * may have depends on its {@code kind}; the API key and every header value are secrets.
 */
final class ProviderSection {

    static final List<String> KEYS = List.of("kind", "preset", "base_url", "api_key", "connect_timeout",
            "request_timeout", "stream_idle_timeout", "headers", "models");
    private static final List<String> KINDS = Arrays.stream(ProviderKind.values()).map(ProviderKind::wireName)
            .toList();
    private static final Set<String> HTTP_ONLY = Set.of("base_url", "api_key", "preset");
    private static final Set<String> SIMULATED_ONLY = Set.of("models");

    /** RFC 9110 token characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Framing headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "transfer-encoding", "upgrade");

    private ProviderSection() {
    }

    /** The providers that could be read in full; the problems of the others are reported. */
    static Map<String, ProviderConfig> read(YamlTree node, Path baseDir) {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        node.requiredEntries("provider").forEach((name, provider) -> readOne(name, provider, baseDir)
                .ifPresent(p -> out.put(name, p)));
        return out;
    }

    private static Optional<ProviderConfig> readOne(String name, YamlTree node, Path baseDir) {
        node.allowKeys(KEYS);
        Optional<ProviderPresets.Preset> preset = preset(node.get("preset"));
        YamlTree kindNode = node.get("kind");
        Optional<ProviderKind> kind = node.get("preset").isPresent() && !kindNode.isPresent()
                ? Optional.of(ProviderKind.OPENAI)
                : kind(kindNode.required());
        kind.ifPresent(k -> rejectKeysOfOtherKinds(node, k));
        if (preset.isPresent() && kind.isPresent() && kind.get() != ProviderKind.OPENAI
                && kind.get() != ProviderKind.SIMULATED) {
            node.get("preset").error("presets are for openai providers (OpenAI-compatible hosts), not for "
                    + article(kind.get()) + " provider");
        }
        boolean simulated = kind.isPresent() && kind.get() == ProviderKind.SIMULATED;

        YamlTree url = node.get("base_url");
        if (kind.isPresent() && !simulated && !node.get("preset").isPresent() && kind.get() != ProviderKind.GEMINI) {
            url.required();
        }
        boolean azure = kind.isPresent() && kind.get() == ProviderKind.AZURE;
        Optional<URI> baseUrl = url.string()
                .flatMap(s -> url.build(() -> azure ? Urls.parseAzureBaseUrl(s) : Urls.parseBaseUrl(s)))
                .or(() -> preset.map(ProviderPresets.Preset::baseUrl));
        Optional<Secret> apiKey = apiKey(node.get("api_key").secret(), kind, preset);
        Duration connect = timeout(node.get("connect_timeout"), ProviderConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration request = timeout(node.get("request_timeout"), ProviderConfig.DEFAULT_REQUEST_TIMEOUT);
        Duration idle = timeout(node.get("stream_idle_timeout"), ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT);
        String authHeader = kind.map(ProviderKind::apiKeyHeader).orElse("");
        Map<String, String> headers = headers(node.get("headers").secret(), apiKey.isPresent() ? authHeader : "");

        YamlTree models = node.get("models");
        Map<String, SimulatedModelConfig> sims = simulated || kind.isEmpty() && models.isPresent()
                ? SimulatedSection.read(models, baseDir) : Map.of();
        return kind.flatMap(k -> node.build(() -> new ProviderConfig(name, k, baseUrl, apiKey, connect, request,
                idle, headers, sims)));
    }

    private static Optional<ProviderPresets.Preset> preset(YamlTree node) {
        return node.oneOf("preset", ProviderPresets.names()).flatMap(ProviderPresets::find);
    }

    /**
     * The configured key; without one, a preset's environment variable. Hosted APIs (Anthropic, Azure, Gemini
     * and hosted presets) need a key; OpenAI-compatible servers may run without one.
     */
    private static Optional<Secret> apiKey(YamlTree key, Optional<ProviderKind> kind,
            Optional<ProviderPresets.Preset> preset) {
        if (!key.isPresent() && preset.isPresent()) {
            ProviderPresets.Preset p = preset.get();
            Optional<String> fromEnv = key.secretFromEnv(p.keyEnv());
            if (fromEnv.isEmpty() && p.keyRequired()) {
                key.error("is required; preset " + p.name() + " reads it from environment variable " + p.keyEnv()
                        + ", which is not set");
            }
            return fromEnv.map(Secret::new);
        }
        boolean needsKey = kind.isPresent() && switch (kind.get()) {
            case ANTHROPIC, AZURE, GEMINI -> true;
            case OPENAI, SIMULATED -> false;
        };
        if (needsKey) {
            key.required();
        }
        return key.check(key.string(), s -> !s.isBlank(),
                "must not be empty; leave api_key out for a server that needs none").map(Secret::new);
    }

    private static Optional<ProviderKind> kind(YamlTree node) {
        return node.oneOf("provider kind", KINDS).flatMap(ProviderKind::parse);
    }

    private static void rejectKeysOfOtherKinds(YamlTree node, ProviderKind kind) {
        Set<String> foreign = kind == ProviderKind.SIMULATED ? HTTP_ONLY : SIMULATED_ONLY;
        String owners = kind == ProviderKind.SIMULATED ? "HTTP providers (openai, anthropic, azure, gemini)"
                : "simulated providers";
        for (String key : KEYS) {
            if (foreign.contains(key) && node.get(key).isPresent()) {
                node.get(key).error("only applies to " + owners + ", not to " + article(kind) + " provider");
            }
        }
    }

    private static String article(ProviderKind kind) {
        return (kind == ProviderKind.SIMULATED || kind == ProviderKind.GEMINI ? "a " : "an ") + kind.wireName();
    }

    private static Duration timeout(YamlTree node, Duration fallback) {
        return node.check(node.parsed(Durations::parse), d -> d.isPositive(), "must be > 0").orElse(fallback);
    }

    /** Header values are secrets; {@code apiKeyHeader} is the header api_key sets, or empty without one. */
    private static Map<String, String> headers(YamlTree node, String apiKeyHeader) {
        Map<String, String> out = new LinkedHashMap<>();
        node.entries().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(name).matches()) {
                value.error("not a valid HTTP header name");
            } else if (RESERVED_HEADERS.contains(lower)) {
                value.error("is set by the HTTP client and cannot be configured");
            } else if (lower.equals(apiKeyHeader)) {
                value.error("conflicts with api_key, which sets this header; configure only one of them");
            }
            value.required().string().ifPresent(v -> out.put(name, v));
        });
        return out;
    }
}
