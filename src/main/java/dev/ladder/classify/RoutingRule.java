package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.text.PiiMasker;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A routing rule from config: when every given condition holds (feature tag, caller key id, a pattern over
 * the prompt, personal data present), send the request to a tier or to a named model, skipping the
 * classifiers. Rules are checked in order; the first match wins.
 */
public record RoutingRule(String name, Set<String> features, Set<String> keyIds, Optional<Pattern> pattern,
        boolean pii, Optional<Tier> tier, Optional<String> model) {

    public RoutingRule {
        requireNonNull(name, "name is null");
        features = Set.copyOf(features);
        keyIds = Set.copyOf(keyIds);
        requireNonNull(pattern, "pattern is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(model, "model is null");
        if (features.isEmpty() && keyIds.isEmpty() && pattern.isEmpty() && !pii) {
            throw new IllegalArgumentException("a rule needs at least one condition");
        }
        if (tier.isPresent() == model.isPresent()) {
            throw new IllegalArgumentException("a rule sends to exactly one of a tier or a model");
        }
    }

    /** Pure: does this rule apply? The prompt is every message's text (a pattern may match the system prompt). */
    public boolean matches(ChatRequest request, RequestContext context) {
        if (!features.isEmpty() && (context.feature().isEmpty() || !features.contains(context.feature().get()))) {
            return false;
        }
        if (!keyIds.isEmpty() && (context.keyId().isEmpty() || !keyIds.contains(context.keyId().get()))) {
            return false;
        }
        if (pattern.isPresent() && !pattern.get().matcher(request.allText()).find()) {
            return false;
        }
        return !pii || PiiMasker.containsPii(request.allText());
    }
}
