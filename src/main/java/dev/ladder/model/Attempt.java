package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One call to one model made for a request, as a value: why it was made ({@link Purpose}), where it went
 * (model, provider, tier), the exact request sent (after that tier's defaults), what it used and cost, how
 * long it took, how it ended ({@link Outcome}) and, once an answer was validated, the verdict on it.
 * {@code seq} numbers a request's attempts in the order they started (1, 2, ...); a request's cost is the
 * sum of its attempts' costs. Nothing about an attempt is inferred from names.
 *
 * @param costUsd the usage at the model's price (0 when nothing was billed)
 */
public record Attempt(int seq, Purpose purpose, String model, String provider, Optional<Tier> tier,
        Instant startedAt, Duration latency, ChatRequest sent, Usage usage, double costUsd, Outcome outcome,
        Optional<Verdict> verdict) {

    /** Why a model was called. */
    public enum Purpose {
        /** An answer for the client: a direct call, a cascade step or a race leg. */
        ANSWER,
        /** A self-evaluation judge rating an answer. */
        JUDGE,
        /** The LLM classifier rating the request. */
        CLASSIFY,
        /** One of several samples compared for agreement (consensus). */
        SAMPLE;

        private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }

    /** How an attempt ended. */
    public sealed interface Outcome {
        /** The model answered (for a stream: to its end). */
        record Answered() implements Outcome {
        }

        /** The call failed. */
        record Failed(Failure failure) implements Outcome {
            public Failed {
                requireNonNull(failure, "failure is null");
            }
        }

        /** Ladder stopped the call on purpose: a race's loser, or a stream whose client went away. */
        record Cancelled(String why) implements Outcome {
            public Cancelled {
                requireNonNull(why, "why is null");
            }
        }

        Outcome ANSWERED = new Answered();

        /** {@code answered}, {@code failed} or {@code cancelled}, as the decision log stores it. */
        default String wireName() {
            return switch (this) {
                case Answered a -> "answered";
                case Failed f -> "failed";
                case Cancelled c -> "cancelled";
            };
        }
    }

    /** What validation concluded about this attempt's answer. */
    public record Verdict(boolean accepted, String details) {
        public Verdict {
            requireNonNull(details, "details is null");
        }
    }

    public Attempt {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1: " + seq);
        }
        requireNonNull(purpose, "purpose is null");
        requireNonNull(model, "model is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(latency, "latency is null");
        requireNonNull(sent, "sent is null");
        requireNonNull(usage, "usage is null");
        if (!(costUsd >= 0)) {
            throw new IllegalArgumentException("costUsd must be >= 0: " + costUsd);
        }
        requireNonNull(outcome, "outcome is null");
        requireNonNull(verdict, "verdict is null");
    }

    public boolean succeeded() {
        return outcome instanceof Outcome.Answered;
    }

    /** The failure, when the call failed. */
    public Optional<Failure> failure() {
        return outcome instanceof Outcome.Failed f ? Optional.of(f.failure()) : Optional.empty();
    }

    public Attempt withVerdict(Verdict v) {
        return new Attempt(seq, purpose, model, provider, tier, startedAt, latency, sent, usage, costUsd, outcome,
                Optional.of(v));
    }
}
