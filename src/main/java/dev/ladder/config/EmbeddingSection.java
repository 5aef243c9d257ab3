package dev.ladder.config;

import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.Price;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code embeddings}: the embedding deployments clients may name in {@code POST /v1/embeddings}, keyed by
 * that name. Each is served by an OpenAI-compatible provider ({@code openai} or {@code azure} kind) under its
 * own model id, or, with {@code provider: local}, by the embedding model inside Ladder
 * ({@value #LOCAL_MODEL}, free). {@code price.input} is USD per million input tokens (default 0).
 */
final class EmbeddingSection {

    static final List<String> KEYS = List.of("provider", "model", "price");
    static final List<String> PRICE_KEYS = List.of("input");
    static final String LOCAL_MODEL = "all-MiniLM-L6-v2";

    private EmbeddingSection() {
    }

    static Map<String, EmbeddingSpec> read(YamlTree node, List<String> modelNames, Map<String, ProviderConfig> providers,
            List<String> providerNames) {
        Map<String, EmbeddingSpec> out = new LinkedHashMap<>();
        node.entries().forEach((name, entry) -> {
            entry.allowKeys(KEYS);
            if (modelNames.contains(name)) {
                entry.error("'" + name + "' is already a chat model name; an embedding deployment needs its own name");
            }
            List<String> known = new java.util.ArrayList<>(providerNames);
            known.add(EmbeddingSpec.LOCAL);
            Optional<String> provider = entry.get("provider").required().oneOf("provider", known);
            YamlTree modelNode = entry.get("model");
            boolean local = provider.filter(EmbeddingSpec.LOCAL::equals).isPresent();
            String upstream = modelNode.check(modelNode.string(), s -> !s.isBlank(), "must not be empty")
                    .orElse(local ? LOCAL_MODEL : name);
            if (local && !upstream.equals(LOCAL_MODEL)) {
                modelNode.error("the local provider serves only " + LOCAL_MODEL);
            }
            provider.filter(p -> !local).map(providers::get)
                    .filter(p -> p.kind() != ProviderKind.OPENAI && p.kind() != ProviderKind.AZURE)
                    .ifPresent(p -> entry.get("provider").error("'" + p.name() + "' is " + p.kind().wireName()
                            + "; embeddings need an openai or azure provider, or local"));
            YamlTree price = entry.get("price").allowKeys(PRICE_KEYS);
            YamlTree input = price.get("input");
            double perMillion = input.check(input.number(), v -> v >= 0, "must be >= 0").orElse(0.0);
            provider.ifPresent(p -> out.put(name, new EmbeddingSpec(name, p, upstream, new Price(perMillion, 0))));
        });
        return out;
    }
}
