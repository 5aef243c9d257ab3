package dev.ladder.config;

import dev.ladder.model.Capability;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code models}: the deployments tiers list, each served by a configured provider. For a simulated
 * provider the upstream model id must be one of that provider's models.
 */
final class ModelSection {

    static final List<String> KEYS = List.of("provider", "model", "price", "context_window", "capabilities",
            "weight");
    static final List<String> PRICE_KEYS = List.of("input", "output");
    private static final List<String> CAPABILITIES = Arrays.stream(Capability.values()).map(Capability::wireName)
            .toList();

    private ModelSection() {
    }

    /**
     * The models that could be read in full. {@code providerNames} are all declared providers (for "unknown
     * provider"), {@code providers} those that were read in full (for checking simulated model ids).
     */
    static Map<String, ModelSpec> read(YamlTree node, List<String> providerNames,
            Map<String, ProviderConfig> providers) {
        Map<String, ModelSpec> out = new LinkedHashMap<>();
        node.requiredEntries("model").forEach((name, model) -> readOne(name, model, providerNames, providers)
                .ifPresent(m -> out.put(name, m)));
        return out;
    }

    /** The load-balancing weight each model declares ({@code weight}, >= 0); models without one are left out. */
    static Map<String, Double> weights(YamlTree node) {
        Map<String, Double> out = new LinkedHashMap<>();
        node.keys().forEach(name -> {
            YamlTree weight = node.get(name).get("weight");
            weight.check(weight.number(), w -> w >= 0, "must be >= 0").ifPresent(w -> out.put(name, w));
        });
        return out;
    }

    private static Optional<ModelSpec> readOne(String name, YamlTree node, List<String> providerNames,
            Map<String, ProviderConfig> providers) {
        node.allowKeys(KEYS);
        Optional<String> provider = node.get("provider").required().oneOf("provider", providerNames);
        YamlTree upstreamNode = node.get("model");
        String upstream = upstreamNode.check(upstreamNode.string(), s -> !s.isBlank(), "must not be empty")
                .orElse(name);
        provider.map(providers::get).filter(p -> p.kind() == ProviderKind.SIMULATED)
                .filter(p -> !p.simulated().containsKey(upstream))
                .ifPresent(p -> upstreamNode.error("'" + upstream + "' is not a model of simulated provider '"
                        + p.name() + "'; it has " + String.join(", ", p.simulated().keySet().stream().sorted()
                                .toList())));
        Optional<Price> price = price(node.get("price").required());
        int contextWindow = node.get("context_window").positiveInt().orElse(ConfigLoader.DEFAULT_CONTEXT_WINDOW);
        Set<Capability> capabilities = capabilities(node.get("capabilities"));
        if (provider.isEmpty() || price.isEmpty()) {
            return Optional.empty();
        }
        return node.build(() -> new ModelSpec(name, provider.get(), upstream, price.get(), contextWindow,
                capabilities));
    }

    private static Optional<Price> price(YamlTree node) {
        node.allowKeys(PRICE_KEYS);
        if (!node.isPresent()) {
            return Optional.empty();
        }
        Optional<Double> input = perMillion(node.get("input"));
        Optional<Double> output = perMillion(node.get("output"));
        return input.isEmpty() || output.isEmpty() ? Optional.empty()
                : node.build(() -> new Price(input.get(), output.get()));
    }

    private static Optional<Double> perMillion(YamlTree node) {
        return node.check(node.required().number(), v -> v >= 0, "must be >= 0");
    }

    private static Set<Capability> capabilities(YamlTree node) {
        if (!node.isPresent()) {
            return ConfigLoader.DEFAULT_CAPABILITIES;
        }
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (YamlTree item : node.list().orElse(List.of())) {
            item.oneOf("capability", CAPABILITIES).flatMap(Capability::parse).ifPresent(c -> {
                if (!out.add(c)) {
                    item.error("capability '" + c.wireName() + "' is listed twice");
                }
            });
        }
        return out;
    }
}
