package dev.ladder.config;

import dev.ladder.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads {@code tiers}: for each of simple, medium and complex, the configured models to try, in order. */
final class TierSection {

    static final List<String> KEYS = Arrays.stream(Tier.values()).map(Tier::wireName).toList();

    private TierSection() {
    }

    /** Every tier with its models; {@code modelNames} are all declared models. */
    static Map<Tier, List<String>> read(YamlTree node, List<String> modelNames) {
        Map<Tier, List<String>> out = new EnumMap<>(Tier.class);
        if (!node.required().isPresent()) {
            return out;
        }
        node.allowKeys(KEYS, "tier");
        for (Tier tier : Tier.values()) {
            YamlTree list = node.get(tier.wireName()).required();
            List<String> models = new ArrayList<>();
            list.list().ifPresent(items -> {
                if (items.isEmpty()) {
                    list.error("must list at least one model");
                }
                for (YamlTree item : items) {
                    item.oneOf("model", modelNames).ifPresent(m -> {
                        if (models.contains(m)) {
                            item.error("model '" + m + "' is listed twice");
                        } else {
                            models.add(m);
                        }
                    });
                }
            });
            out.put(tier, List.copyOf(models));
        }
        return out;
    }
}
