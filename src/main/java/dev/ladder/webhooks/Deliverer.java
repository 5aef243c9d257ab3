package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * Sends due outbox events, signed per Standard Webhooks (the same {@code webhook-id} on every try, a fresh
 * timestamp and signature each time). A 2xx delivers; anything else, or no answer, is retried on the schedule;
 * after the last try the event is dead until an operator redelivers it. {@link #deliverDue()} does one round (tests
 * call it after moving their clock); {@link #start()} runs rounds on a virtual thread.
 */
public final class Deliverer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Deliverer.class.getName());
    private static final int ROUND_SIZE = 32;

    private final OutboxStore store;
    private final WebhookConfig config;
    private final Optional<Signer> signer;
    private final RetrySchedule schedule;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final HttpClient http;
    private final String owner = "deliverer-" + UUID.randomUUID();
    private volatile boolean running;
    private Thread loop;

    public Deliverer(OutboxStore store, WebhookConfig config, InstantSource clock, RandomGenerator random) {
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        this.signer = config.secret().map(Signer::new);
        this.schedule = new RetrySchedule(config.retrySchedule());
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Deliverer start() {
        running = true;
        loop = Thread.ofVirtual().name("webhook-deliverer").start(() -> {
            while (running) {
                try {
                    if (deliverDue() == 0) {
                        Thread.sleep(config.pollInterval());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "webhook delivery round failed: " + e.getMessage());
                    sleepQuietly();
                }
            }
        });
        return this;
    }

    /**
     * Tries every event due now once, each on a virtual thread of its own (a slow receiver holds up no other), and
     * returns when all are recorded; how many were tried.
     */
    public int deliverDue() {
        List<OutboxEvent> due = store.leaseDue(owner, ROUND_SIZE, clock.instant(),
                config.timeout().plusSeconds(30));
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            due.forEach(e -> each.execute(() -> deliver(e)));
        }
        return due.size();
    }

    private void deliver(OutboxEvent e) {
        Instant at = clock.instant();
        String url = e.url().or(config::url).orElse("");
        DeliveryAttempt attempt = url.isEmpty()
                ? new DeliveryAttempt(0, at, "(none)", Optional.empty(), "no webhooks.url configured")
                : post(e, url, at);
        int failed = store.attemptsSinceQueued(e.id()) + 1;
        if (attempt.delivered()) {
            store.recordAttempt(e.id(), attempt, DeliveryState.DELIVERED, Optional.empty());
            return;
        }
        Optional<Duration> wait = schedule.next(failed, random);
        store.recordAttempt(e.id(), attempt, wait.isPresent() ? DeliveryState.PENDING : DeliveryState.DEAD,
                wait.map(at::plus));
        if (wait.isEmpty()) {
            LOG.log(Level.WARNING, "webhook " + e.id() + " (" + e.type() + ") is dead after " + failed + " tries: "
                    + attempt.outcome());
        }
    }

    private DeliveryAttempt post(OutboxEvent e, String url, Instant at) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(e.body()));
        } catch (IllegalArgumentException bad) {
            return new DeliveryAttempt(0, at, url, Optional.empty(), "invalid URL: " + bad.getMessage());
        }
        Map<String, String> headers = signer.map(s -> s.headers(e.id(), at.getEpochSecond(), e.body()))
                .orElseGet(() -> Map.of("webhook-id", e.id(), "webhook-timestamp", Long.toString(at.getEpochSecond())));
        headers.forEach(b::header);
        try {
            HttpResponse<Void> res = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return new DeliveryAttempt(0, at, url, Optional.of(res.statusCode()), "HTTP " + res.statusCode());
        } catch (IOException io) {
            return new DeliveryAttempt(0, at, url, Optional.empty(), "not delivered: " + io);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return new DeliveryAttempt(0, at, url, Optional.empty(), "interrupted");
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(config.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        http.close();
    }
}
