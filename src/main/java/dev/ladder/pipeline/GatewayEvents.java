package dev.ladder.pipeline;

import dev.ladder.model.Attempt;
import dev.ladder.model.BreakerTransition;
import dev.ladder.model.Classification;
import dev.ladder.model.Escalation;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import java.time.Duration;
import java.util.List;

/**
 * Typed telemetry: every step of a request is an event. All methods are no-ops by default; metrics and
 * the decision log implement the ones they need. Listeners must be fast and must not throw (a throwing
 * listener is caught and ignored by {@link #composite}).
 */
public interface GatewayEvents {

    GatewayEvents NONE = new GatewayEvents() { };

    default void requestStarted(Exchange exchange) {
    }

    /**
     * An embeddings request named a deployment and is about to be answered (from the cache or the provider); its
     * {@link #completed} follows. The chat path announces its requests with {@link #requestStarted}.
     */
    default void embeddingsStarted(String requestId, String deployment) {
    }

    /** A cache layer looked the request up: {@code hit} when it answered. */
    default void cacheLookup(Exchange exchange, CacheLayer layer, boolean hit) {
    }

    default void classified(Exchange exchange, Classification classification) {
    }

    default void routed(Exchange exchange, RoutePlan plan) {
    }

    default void attemptFailed(Exchange exchange, Attempt attempt) {
    }

    default void attemptSucceeded(Exchange exchange, Attempt attempt) {
    }

    /** The answer of {@code attempt} was validated (cascade, race): accepted or not, and the checks' lines. */
    default void validated(Exchange exchange, Attempt attempt, Attempt.Verdict verdict) {
    }

    /** The request moves up a tier: its answer was rejected, or every deployment of its tier failed. */
    default void escalated(Exchange exchange, Escalation escalation) {
    }

    /** The request is over (answered, streamed to the end, or failed). Called exactly once per request. */
    default void completed(RequestRecord record) {
    }

    /** A request was turned away before it became an exchange (malformed or too large a body). */
    default void rejected(Rejected rejected) {
    }

    /** A failed call is retried on the same deployment after {@code delay} (see the retry policy table). */
    default void retryScheduled(Exchange exchange, Attempt failed, Duration delay) {
    }

    /** A deployment was skipped without a call because its circuit breaker is open (or out of probes). */
    default void breakerRejected(Exchange exchange, String deployment) {
    }

    /** A deployment's circuit breaker changed state. Not tied to a request. */
    default void breakerTransition(BreakerTransition transition) {
    }

    /** A client scored an answer or said it regenerated it ({@code POST /v1/feedback}); stored already. */
    default void feedbackReceived(Feedback feedback) {
    }

    /**
     * A virtual key's request was refused by a rate limit before it entered the pipeline; {@code bucket} is
     * {@code requests} or {@code tokens}, {@code owner} is {@code key} or {@code team}.
     */
    default void rateLimited(String bucket, String owner) {
    }

    /** A budget ({@code owner}: {@code key} or {@code team}) reached {@code thresholdPercent} of its limit. */
    default void budgetAlert(String owner, int thresholdPercent) {
    }

    /** A use of Redis went down or came back ({@code health.up()}). Not tied to a request. */
    default void redisState(RedisHealth health) {
    }

    /**
     * Redis was down for {@code use}, and one request was served by that use's rule instead: a cache miss or a
     * skipped write (fail open), a budget refusal (fail closed), a rate limit counted in this process (local).
     */
    default void redisFallback(RedisUse use) {
    }

    static GatewayEvents composite(List<GatewayEvents> listeners) {
        List<GatewayEvents> all = List.copyOf(listeners);
        return new GatewayEvents() {
            @Override
            public void requestStarted(Exchange exchange) {
                all.forEach(l -> safely(() -> l.requestStarted(exchange)));
            }

            @Override
            public void embeddingsStarted(String requestId, String deployment) {
                all.forEach(l -> safely(() -> l.embeddingsStarted(requestId, deployment)));
            }

            @Override
            public void cacheLookup(Exchange exchange, CacheLayer layer, boolean hit) {
                all.forEach(l -> safely(() -> l.cacheLookup(exchange, layer, hit)));
            }

            @Override
            public void classified(Exchange exchange, Classification classification) {
                all.forEach(l -> safely(() -> l.classified(exchange, classification)));
            }

            @Override
            public void routed(Exchange exchange, RoutePlan plan) {
                all.forEach(l -> safely(() -> l.routed(exchange, plan)));
            }

            @Override
            public void attemptFailed(Exchange exchange, Attempt attempt) {
                all.forEach(l -> safely(() -> l.attemptFailed(exchange, attempt)));
            }

            @Override
            public void attemptSucceeded(Exchange exchange, Attempt attempt) {
                all.forEach(l -> safely(() -> l.attemptSucceeded(exchange, attempt)));
            }

            @Override
            public void validated(Exchange exchange, Attempt attempt, Attempt.Verdict verdict) {
                all.forEach(l -> safely(() -> l.validated(exchange, attempt, verdict)));
            }

            @Override
            public void escalated(Exchange exchange, Escalation escalation) {
                all.forEach(l -> safely(() -> l.escalated(exchange, escalation)));
            }

            @Override
            public void completed(RequestRecord record) {
                all.forEach(l -> safely(() -> l.completed(record)));
            }

            @Override
            public void rejected(Rejected rejected) {
                all.forEach(l -> safely(() -> l.rejected(rejected)));
            }

            @Override
            public void retryScheduled(Exchange exchange, Attempt failed, Duration delay) {
                all.forEach(l -> safely(() -> l.retryScheduled(exchange, failed, delay)));
            }

            @Override
            public void breakerRejected(Exchange exchange, String deployment) {
                all.forEach(l -> safely(() -> l.breakerRejected(exchange, deployment)));
            }

            @Override
            public void breakerTransition(BreakerTransition transition) {
                all.forEach(l -> safely(() -> l.breakerTransition(transition)));
            }

            @Override
            public void feedbackReceived(Feedback feedback) {
                all.forEach(l -> safely(() -> l.feedbackReceived(feedback)));
            }

            @Override
            public void rateLimited(String bucket, String owner) {
                all.forEach(l -> safely(() -> l.rateLimited(bucket, owner)));
            }

            @Override
            public void budgetAlert(String owner, int thresholdPercent) {
                all.forEach(l -> safely(() -> l.budgetAlert(owner, thresholdPercent)));
            }

            @Override
            public void redisState(RedisHealth health) {
                all.forEach(l -> safely(() -> l.redisState(health)));
            }

            @Override
            public void redisFallback(RedisUse use) {
                all.forEach(l -> safely(() -> l.redisFallback(use)));
            }
        };
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(GatewayEvents.class.getName())
                    .log(System.Logger.Level.WARNING, "event listener failed: " + e);
        }
    }
}
