package dev.ladder.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;

/**
 * The model's own confidence: {@code exp(mean token logprob)} of the first choice, the geometric mean of
 * its token probabilities. Passes at or above {@code minConfidence}; the score is the confidence itself.
 * Without logprobs (the provider returns none, or the request did not ask for them: a cascade that wants
 * this signal sets {@code logprobs: true} on the cheap attempt) the verdict is {@link Verdict.NotApplicable},
 * never a pass.
 */
public final class LogprobConfidence implements Validator {

    /**
     * Between what real models show for answers they are sure of (mean logprob -0.05 to -0.3, confidence
     * 0.75 to 0.95) and for guesses (-0.7 and below, under 0.5); calibrate per model with real traffic.
     */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.6;

    private final double minConfidence;

    public LogprobConfidence(double minConfidence) {
        if (!(minConfidence > 0 && minConfidence < 1)) {
            throw new IllegalArgumentException("min_confidence must be > 0 and < 1: " + minConfidence);
        }
        this.minConfidence = minConfidence;
    }

    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        if (response.choices().isEmpty()) {
            return new Verdict.NotApplicable("the response has no choices");
        }
        JsonNode tokens = logprobs(response.choices().getFirst().logprobs());
        double sum = 0;
        int n = 0;
        for (JsonNode t : tokens) {
            JsonNode lp = t.path("logprob");
            if (lp.isNumber() && Double.isFinite(lp.asDouble())) {
                sum += Math.min(0, lp.asDouble());
                n++;
            }
        }
        if (n == 0) {
            return new Verdict.NotApplicable(request.wantsLogprobs() ? "the provider returned no token logprobs"
                    : "the request did not ask for logprobs");
        }
        double confidence = Math.exp(sum / n);
        String measured = "mean token probability " + Scores.format(confidence) + " over " + n + " tokens";
        if (confidence >= minConfidence) {
            return new Verdict.Pass(confidence, measured);
        }
        return new Verdict.Fail(Reason.LOW_CONFIDENCE, confidence, "your answer was uncertain (" + measured
                + ", below " + Scores.format(minConfidence) + "); work it out carefully and commit to one answer");
    }

    /** The {@code content} array of OpenAI's choice logprobs; an empty node when absent. */
    private static JsonNode logprobs(JsonNode choiceLogprobs) {
        if (choiceLogprobs == null) {
            return MissingNode.getInstance();
        }
        JsonNode content = choiceLogprobs.path("content");
        return content.isArray() ? content : MissingNode.getInstance();
    }
}
