package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Classification;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last, optional classifier: asks a cheap model to rate the request 1 (simple) to 3 (complex) under a
 * strict timeout, as an attempt of the request (billed, behind the model's breaker, retried by the retry
 * table, in the decision log). On a timeout, an upstream failure or an answer that is not a rating it throws, and
 * {@link ClassifierChain} keeps the previous classifier's answer. The prompt shown to the rater is the ask
 * (last user message) cut to {@value #MAX_PROMPT_CHARS} characters.
 */
public final class LlmClassifier implements Classifier {

    public static final String NAME = "llm";
    static final int MAX_PROMPT_CHARS = 4000;
    static final double CONFIDENCE = 0.8;

    private static final Pattern RATING = Pattern.compile("(?<![\\d.])([123])(?![\\d.])");
    private static final String INSTRUCTIONS = """
            You rate how capable a language model must be to answer a request well.
            Reply with one digit only:
            1 = simple (a fact, a greeting, a short rewrite or classification),
            2 = medium (a summary, an explanation, a short piece of writing or code),
            3 = complex (multi-step reasoning, maths proofs, system design, long or tricky code).""";

    private final ModelSpec model;
    private final Duration timeout;

    public LlmClassifier(ModelSpec model, Duration timeout) {
        this.model = requireNonNull(model, "model is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Without model calls there is no rating: the chain keeps the previous classifier's answer. */
    @Override
    public Classification classify(ChatRequest request) {
        return classify(request, ModelCalls.NONE);
    }

    /** Asks the rating model through {@code calls}: an attempt of the request, billed and behind its breaker. */
    @Override
    public Classification classify(ChatRequest request, ModelCalls calls) {
        ChatResponse answer;
        try {
            answer = calls.complete(Attempt.Purpose.CLASSIFY, model, ratingRequest(request), timeout);
        } catch (LadderException e) {
            throw new IllegalStateException("the rating model failed: " + e.failure().message());
        }
        return rating(answer.text());
    }

    /** Pure: the answer's rating as a classification; a reply without exactly one rating digit is refused. */
    static Classification rating(String answer) {
        Matcher m = RATING.matcher(answer.strip());
        if (!m.find()) {
            throw new IllegalStateException("the rating model answered no rating");
        }
        int rating = Integer.parseInt(m.group(1));
        if (m.find() && Integer.parseInt(m.group(1)) != rating) {
            throw new IllegalStateException("the rating model answered more than one rating");
        }
        Tier tier = Tier.values()[rating - 1];
        return new Classification(NAME, (rating - 1) / 2.0, tier, CONFIDENCE, Map.of("rating", (double) rating));
    }

    private static ChatRequest ratingRequest(ChatRequest request) {
        String ask = request.lastUserText();
        if (ask.length() > MAX_PROMPT_CHARS) {
            ask = ask.substring(0, MAX_PROMPT_CHARS);
        }
        ObjectNode body = Json.object();
        body.put("model", "rating");
        body.put("max_tokens", 2);
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS);
        messages.addObject().put("role", "user").put("content", "Request:\n" + ask);
        return OpenAiRequests.parse(body);
    }

    @Override
    public String name() {
        return NAME;
    }
}
