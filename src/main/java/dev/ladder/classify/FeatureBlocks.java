package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes feature blocks from their specs in a model file ({@code {"name": "words", "bits": 16}}). The built-in
 * blocks are {@code heuristic}, {@code text}, {@code form} and {@code words}; {@link #with} adds a block made elsewhere (an
 * embedding block, once an embedder exists), so the trained model can grow features without this package
 * depending on where they come from.
 */
public final class FeatureBlocks {

    /** The built-in blocks only. */
    public static final FeatureBlocks BUILT_IN = new FeatureBlocks(Map.of());

    private final Map<String, Function<JsonNode, FeatureBlock>> extra;

    private FeatureBlocks(Map<String, Function<JsonNode, FeatureBlock>> extra) {
        this.extra = Map.copyOf(extra);
    }

    /** These blocks plus {@code name}, made by {@code factory} from its spec. */
    public FeatureBlocks with(String name, Function<JsonNode, FeatureBlock> factory) {
        requireNonNull(name, "name is null");
        requireNonNull(factory, "factory is null");
        Map<String, Function<JsonNode, FeatureBlock>> m = new HashMap<>(extra);
        m.put(name, factory);
        return new FeatureBlocks(m);
    }

    /** The block a spec names, or empty when no block of that name is known here. */
    Optional<FeatureBlock> create(JsonNode spec) {
        String name = spec.path("name").asText("");
        return switch (name) {
            case HeuristicBlock.NAME -> Optional.of(new HeuristicBlock());
            case TextStatsBlock.NAME -> Optional.of(new TextStatsBlock());
            case QuestionFormBlock.NAME -> Optional.of(new QuestionFormBlock());
            case HashedNgramBlock.NAME -> Optional.of(new HashedNgramBlock(spec.path("bits").asInt(16)));
            default -> Optional.ofNullable(extra.get(name)).map(f -> f.apply(spec));
        };
    }

    /** The spec that {@link #create} turns back into {@code block}. */
    static ObjectNode spec(FeatureBlock block) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", block.name());
        if (block instanceof HashedNgramBlock h) {
            n.put("bits", h.bits());
        }
        n.put("size", block.size());
        return n;
    }
}
