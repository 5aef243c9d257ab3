package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How one simulated model behaves: latency (time to first token, then a steady token rate), failure rates
 * (each in 0..1, drawn independently per call), what it answers, whether it returns logprobs, and the share of
 * its JSON answers ({@code response_format}) that come back as invalid JSON ({@code invalidJson}, 0..1), so
 * validation and escalation can be seen at work.
 */
public record SimulatedModelConfig(Duration timeToFirstToken, double tokensPerSecond, Answer answer,
        FailureRates failures, boolean logprobs, double invalidJson) {

    public static final Duration DEFAULT_TTFT = Duration.ofMillis(50);
    public static final double DEFAULT_TOKENS_PER_SECOND = 200;

    public static final SimulatedModelConfig DEFAULTS = new SimulatedModelConfig(DEFAULT_TTFT,
            DEFAULT_TOKENS_PER_SECOND, Answer.ECHO, FailureRates.NONE, true);

    public SimulatedModelConfig {
        requireNonNull(timeToFirstToken, "timeToFirstToken is null");
        requireNonNull(answer, "answer is null");
        requireNonNull(failures, "failures is null");
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("timeToFirstToken must be >= 0");
        }
        if (!(tokensPerSecond > 0)) {
            throw new IllegalArgumentException("tokensPerSecond must be > 0");
        }
        if (!(invalidJson >= 0 && invalidJson <= 1)) {
            throw new IllegalArgumentException("invalidJson must be in 0..1");
        }
    }

    /** A model whose JSON answers are always valid. */
    public SimulatedModelConfig(Duration timeToFirstToken, double tokensPerSecond, Answer answer,
            FailureRates failures, boolean logprobs) {
        this(timeToFirstToken, tokensPerSecond, answer, failures, logprobs, 0);
    }

    public SimulatedModelConfig withInvalidJson(double rate) {
        return new SimulatedModelConfig(timeToFirstToken, tokensPerSecond, answer, failures, logprobs, rate);
    }

    public enum AnswerMode { CANNED, ECHO, REPLAY }

    /**
     * What the model says. CANNED: {@code text}. ECHO: the last user message. REPLAY: the answer recorded in
     * {@code file} (CSV) in column {@code column} for the row whose {@code promptColumn} matches the last user
     * message; when nothing matches, {@code text} (or an echo when {@code text} is empty).
     */
    public record Answer(AnswerMode mode, String text, Optional<Path> file, String column, String promptColumn) {

        public static final Answer ECHO = new Answer(AnswerMode.ECHO, "", Optional.empty(), "", "prompt");

        public Answer {
            requireNonNull(mode, "mode is null");
            requireNonNull(text, "text is null");
            requireNonNull(file, "file is null");
            requireNonNull(column, "column is null");
            requireNonNull(promptColumn, "promptColumn is null");
            if (mode == AnswerMode.REPLAY && (file.isEmpty() || column.isEmpty())) {
                throw new IllegalArgumentException("replay needs a file and a column");
            }
        }

        public static Answer canned(String text) {
            return new Answer(AnswerMode.CANNED, text, Optional.empty(), "", "prompt");
        }
    }

    /**
     * Probabilities per call: a 500, a 429 (with Retry-After), a timeout (no answer), a stream cut mid-way
     * (after some content), a connection reset (dropped before any answer), a stall (a stream that stops
     * sending without closing, at a random point, maybe before its first content; a non-streamed call that
     * never finishes its body) and a malformed chunk (garbage instead of a chunk, at a random point; a
     * non-streamed call answers a body that is not JSON).
     */
    public record FailureRates(double error500, double error429, double timeout, double streamCut,
            double connectionReset, double stall, double malformedChunk) {

        public static final FailureRates NONE = new FailureRates(0, 0, 0, 0, 0, 0, 0);

        public FailureRates {
            double[] all = {error500, error429, timeout, streamCut, connectionReset, stall, malformedChunk};
            double sum = 0;
            for (double r : all) {
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("failure rates must be in 0..1");
                }
                sum += r;
            }
            if (sum > 1.0 + 1e-9) {
                throw new IllegalArgumentException("failure rates must add up to at most 1");
            }
        }

        /** The four original failure modes; no resets, stalls or malformed chunks. */
        public FailureRates(double error500, double error429, double timeout, double streamCut) {
            this(error500, error429, timeout, streamCut, 0, 0, 0);
        }

        /** A total failure rate spread evenly over all seven modes (what {@code ladder demo --chaos} uses). */
        public static FailureRates chaos(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("chaos rate must be in 0..1");
            }
            double each = rate / 7;
            return new FailureRates(each, each, each, each, each, each, each);
        }

        public double total() {
            return error500 + error429 + timeout + streamCut + connectionReset + stall + malformedChunk;
        }
    }
}
