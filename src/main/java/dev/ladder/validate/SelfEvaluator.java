package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Asks a (cheap) model to rate the answer 1-10 against the question. Passes at or above {@code minScore};
 * the score is the rating / 10. The judge gets a strict time limit: when it is late, fails, or says something
 * that is not a rating ({@link JudgeScores}), the verdict is {@link Verdict.NotApplicable} and the other
 * validators decide. The call is one of the request's attempts, made through the {@link ModelCalls} given.
 */
public final class SelfEvaluator implements Validator {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** Judges are lenient; 7 is where a 1-10 rating starts to mean "right" more often than not. */
    public static final double DEFAULT_MIN_SCORE = 7;
    /** Question and answer are cut to this many characters each: the judge must stay cheap. */
    static final int MAX_QUOTED_CHARS = 6_000;
    static final int JUDGE_MAX_TOKENS = 20;

    static final String INSTRUCTIONS = "You grade answers. Rate how well the ANSWER responds to the QUESTION: is it "
            + "correct, complete, and does it follow the question's instructions? Reply with only an integer from 1 "
            + "(wrong or useless) to 10 (fully correct).";

    private final ModelSpec model;
    private final Duration timeout;
    private final double minScore;

    public SelfEvaluator(ModelSpec model, Duration timeout, double minScore) {
        this.model = requireNonNull(model, "model is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        if (!(minScore >= 1 && minScore <= 10)) {
            throw new IllegalArgumentException("min_score must be within [1, 10]: " + minScore);
        }
        this.minScore = minScore;
    }

    /** Without a way to call the judge (offline): not applicable. */
    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        return judge(request, response, ModelCalls.NONE);
    }

    /**
     * Asks the judge through {@code calls}: the call is an attempt of the request (billed, behind the judge's
     * breaker, in the decision log), cut off at this evaluator's timeout.
     */
    public Verdict judge(ChatRequest request, ChatResponse response, ModelCalls calls) {
        if (response.text().isBlank()) {
            return new Verdict.NotApplicable("no text to judge");
        }
        ChatResponse said;
        try {
            said = calls.complete(Attempt.Purpose.JUDGE, model, judgeRequest(request, response), timeout);
        } catch (LadderException e) {
            return new Verdict.NotApplicable("the judge " + model.name() + " failed: " + e.failure().message());
        }
        OptionalDouble rating = JudgeScores.parse(said.text());
        if (rating.isEmpty()) {
            return new Verdict.NotApplicable("the judge " + model.name() + " gave no rating: \""
                    + shorten(said.text(), 60) + "\"");
        }
        double r = rating.getAsDouble();
        String rated = "rated " + format(r) + "/10 by " + model.name();
        return r >= minScore ? new Verdict.Pass(r / 10, rated)
                : new Verdict.Fail(Reason.SELF_EVAL, r / 10, "a reviewer rated your answer " + format(r) + "/10 for "
                        + "this question; check it for mistakes and answer again");
    }

    private ChatRequest judgeRequest(ChatRequest request, ChatResponse response) {
        ObjectNode body = Json.object();
        body.put("model", model.name());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS);
        String question = request.lastUserText().isEmpty() ? request.allText() : request.lastUserText();
        messages.addObject().put("role", "user").put("content", "QUESTION:\n" + shorten(question, MAX_QUOTED_CHARS)
                + "\n\nANSWER:\n" + shorten(response.text(), MAX_QUOTED_CHARS) + "\n\nRating (1-10):");
        body.put("max_tokens", JUDGE_MAX_TOKENS);
        body.put("temperature", 0);
        return OpenAiRequests.parse(body);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + " [...]";
    }

    private static String format(double r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Double.toString(r);
    }
}
