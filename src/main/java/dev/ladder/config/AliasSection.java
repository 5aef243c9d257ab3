package dev.ladder.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code aliases}: public model names that each stand for a group of configured models (deployments of
 * one model in several regions or at several providers), so clients keep the names they know. A request to an
 * alias load-balances and fails over among the group like a tier's deployments.
 */
final class AliasSection {

    private AliasSection() {
    }

    /**
     * Each alias with its members in configured order. An alias may not shadow a model name or the routing
     * alias; its members must be configured models, each listed once.
     */
    static Map<String, List<String>> read(YamlTree node, List<String> modelNames, String routingAlias) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.entries().forEach((name, list) -> {
            if (modelNames.contains(name)) {
                list.error("'" + name + "' is already a model name; an alias needs a name of its own");
            } else if (name.equals(routingAlias)) {
                list.error("'" + name + "' is the routing alias (routing.alias)");
            }
            List<String> members = new ArrayList<>();
            list.required().list().ifPresent(items -> {
                if (items.isEmpty()) {
                    list.error("must list at least one model");
                }
                for (YamlTree item : items) {
                    item.oneOf("model", modelNames).ifPresent(m -> {
                        if (members.contains(m)) {
                            item.error("model '" + m + "' is listed twice");
                        } else {
                            members.add(m);
                        }
                    });
                }
            });
            out.put(name, List.copyOf(members));
        });
        return out;
    }
}
