package dev.ladder.pipeline;

import dev.ladder.model.Attempt;
import dev.ladder.model.Classification;
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

    /** The request is over (answered, streamed to the end, or failed). Called exactly once per request. */
    default void completed(RequestRecord record) {
    }

    static GatewayEvents composite(List<GatewayEvents> listeners) {
        List<GatewayEvents> all = List.copyOf(listeners);
        return new GatewayEvents() {
            @Override
            public void requestStarted(Exchange exchange) {
                all.forEach(l -> safely(() -> l.requestStarted(exchange)));
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
            public void completed(RequestRecord record) {
                all.forEach(l -> safely(() -> l.completed(record)));
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
