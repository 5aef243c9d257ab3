package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What a request needs from the deployment that serves it: capabilities (tools, a JSON schema, JSON mode,
 * images, logprobs) and room in the model's context window for the prompt plus {@code max_tokens}. Routing,
 * escalation, failover and consensus samples all ask {@link #unmetBy} before sending a request anywhere.
 *
 * <p>The prompt is counted lazily: a cheap upper bound (its UTF-8 bytes, as every token covers at least one)
 * settles most requests without tokenizing; the exact count is taken once, and only when that bound does not
 * fit some model's window. Safe to share between the threads of one request.
 */
public final class Requirements {

    private final Set<Capability> capabilities;
    private final OptionalInt maxTokens;
    private final int promptUpperBound;
    private final IntSupplier promptCounter;
    private volatile int promptTokens = -1;

    private Requirements(Set<Capability> capabilities, OptionalInt maxTokens, int promptUpperBound,
            IntSupplier promptCounter) {
        this.capabilities = Collections.unmodifiableSet(capabilities);
        this.maxTokens = maxTokens;
        this.promptUpperBound = promptUpperBound;
        this.promptCounter = promptCounter;
    }

    /**
     * @param promptUpperBound a number of tokens the prompt cannot exceed
     * @param promptTokens counts the prompt exactly (called at most once, only when the bound is not enough)
     */
    public static Requirements of(ChatRequest request, int promptUpperBound, IntSupplier promptTokens) {
        requireNonNull(request, "request is null");
        requireNonNull(promptTokens, "promptTokens is null");
        return new Requirements(capabilitiesOf(request), request.maxTokens(), promptUpperBound, promptTokens);
    }

    /** The capabilities {@code request} needs, read from its body. */
    public static Set<Capability> capabilitiesOf(ChatRequest request) {
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        if (request.hasTools()) {
            needs.add(Capability.TOOLS);
        }
        if (request.wantsLogprobs()) {
            needs.add(Capability.LOGPROBS);
        }
        request.responseFormatType().ifPresent(t -> {
            if (t.equals("json_schema")) {
                needs.add(Capability.JSON_SCHEMA);
            } else if (t.equals("json_object")) {
                needs.add(Capability.JSON_MODE);
            }
        });
        for (Message m : request.messages()) {
            if (m.raw().path("content").isArray()) {
                for (var part : m.raw().get("content")) {
                    if ("image_url".equals(part.path("type").asText())) {
                        needs.add(Capability.VISION);
                    }
                }
            }
        }
        return needs;
    }

    /** The request parameter that asks for {@code c}, for error messages ({@code param} of a 400). */
    public static String param(Capability c) {
        return switch (c) {
            case TOOLS -> "tools";
            case JSON_SCHEMA, JSON_MODE -> "response_format";
            case VISION -> "messages";
            case LOGPROBS -> "logprobs";
            case STREAMING -> "stream";
        };
    }

    /** How the request asks for {@code c}, in words. */
    public static String asked(Capability c) {
        return switch (c) {
            case TOOLS -> "it sets 'tools'";
            case JSON_SCHEMA -> "it sets response_format json_schema";
            case JSON_MODE -> "it sets response_format json_object";
            case VISION -> "its messages contain images";
            case LOGPROBS -> "it sets 'logprobs'";
            case STREAMING -> "it sets 'stream'";
        };
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** The client's {@code max_tokens} (or {@code max_completion_tokens}), else {@code fallback} (a tier's default). */
    public int completionTokens(OptionalInt fallback) {
        return maxTokens.isPresent() ? maxTokens.getAsInt() : fallback.orElse(0);
    }

    /** The prompt's tokens, counted exactly (once). */
    public int promptTokens() {
        int n = promptTokens;
        if (n < 0) {
            n = promptCounter.getAsInt();
            promptTokens = n;
        }
        return n;
    }

    /** Prompt plus completion tokens: what must fit in the window. */
    public int contextTokens(OptionalInt fallbackMaxTokens) {
        return promptTokens() + completionTokens(fallbackMaxTokens);
    }

    /** True when the prompt plus completion fits {@code window}; tokenizes only when the cheap bound does not fit. */
    public boolean fits(int window, OptionalInt fallbackMaxTokens) {
        long completion = completionTokens(fallbackMaxTokens);
        return promptUpperBound + completion <= window || promptTokens() + completion <= window;
    }

    public boolean metBy(ModelSpec model) {
        return unmetBy(model, OptionalInt.empty()).isEmpty();
    }

    public boolean metBy(ModelSpec model, OptionalInt fallbackMaxTokens) {
        return unmetBy(model, fallbackMaxTokens).isEmpty();
    }

    /**
     * Why {@code model} cannot serve the request (its first missing capability, else a too-small window), or
     * empty when it can. {@code fallbackMaxTokens} stands in for a {@code max_tokens} the client did not set.
     */
    public Optional<String> unmetBy(ModelSpec model, OptionalInt fallbackMaxTokens) {
        for (Capability c : capabilities) {
            if (!model.supports(c)) {
                return Optional.of(model.name() + " does not support " + c.wireName());
            }
        }
        if (!fits(model.contextWindow(), fallbackMaxTokens)) {
            return Optional.of(String.format(Locale.ROOT, "%s has a context window of %,d tokens; the request needs "
                    + "%,d", model.name(), model.contextWindow(), contextTokens(fallbackMaxTokens)));
        }
        return Optional.empty();
    }
}
