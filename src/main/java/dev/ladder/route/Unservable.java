package dev.ladder.route;

import dev.ladder.model.Capability;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Requirements;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure: the 400 for a request that none of the models it may go to can serve, saying why in the order a
 * client can act on it: a capability no model has (param: the field that asks for it, code
 * {@code capability_not_supported}); capabilities no single model has together; a prompt longer than the
 * largest window among the models that have the capabilities (param {@code messages}, code
 * {@code context_length_exceeded}, OpenAI's own code for it).
 */
final class Unservable {

    static final String CAPABILITY = "capability_not_supported";
    static final String CONTEXT = "context_length_exceeded";

    private Unservable() {
    }

    /**
     * @param scope where the considered models come from, in words ("every tier", "the model named by the client")
     * @param fallbackMaxTokens a model's tier default for {@code max_tokens}, when the client set none
     */
    static LadderException explain(Requirements needs, List<ModelSpec> considered, String scope,
            Function<ModelSpec, OptionalInt> fallbackMaxTokens) {
        String names = considered.stream().map(ModelSpec::name).collect(Collectors.joining(", "));
        for (Capability c : needs.capabilities()) {
            if (considered.stream().noneMatch(m -> m.supports(c))) {
                return bad("This request needs " + c.wireName() + " (" + Requirements.asked(c) + "), which no model "
                        + "that may serve it supports. Considered: " + names + " (" + scope + "). A model that does "
                        + "supports it lists it under models.<name>.capabilities in the config.",
                        Requirements.param(c), CAPABILITY);
            }
        }
        List<ModelSpec> able = considered.stream().filter(m -> m.capabilities().containsAll(needs.capabilities()))
                .toList();
        if (able.isEmpty()) {
            String all = needs.capabilities().stream().map(Capability::wireName).collect(Collectors.joining(" and "));
            return bad("This request needs " + all + " together, which no model that may serve it supports. "
                    + "Considered: " + names + " (" + scope + ").", Requirements.param(needs.capabilities().iterator()
                    .next()), CAPABILITY);
        }
        ModelSpec largest = able.stream().max(Comparator.comparingInt(ModelSpec::contextWindow)).orElseThrow();
        OptionalInt fallback = fallbackMaxTokens.apply(largest);
        int completion = needs.completionTokens(fallback);
        String message = String.format(Locale.ROOT, "This request needs %,d tokens (%,d in the messages + %,d for "
                + "max_tokens), more than the largest context window of the models that may serve it: %,d tokens "
                + "(%s; %s). Shorten the messages or lower max_tokens.", needs.promptTokens() + completion,
                needs.promptTokens(), completion, largest.contextWindow(), largest.name(), scope);
        return bad(message, "messages", CONTEXT);
    }

    private static LadderException bad(String message, String param, String code) {
        return new LadderException(new Failure.BadRequest(message, param, code));
    }
}
