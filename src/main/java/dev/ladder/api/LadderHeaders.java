package dev.ladder.api;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** Ladder's own request and response headers. */
final class LadderHeaders {

    static final HeaderName REQUEST_ID = HeaderNames.create("x-ladder-request-id");
    static final HeaderName TIER = HeaderNames.create("x-ladder-tier");
    static final HeaderName MODEL = HeaderNames.create("x-ladder-model");
    static final HeaderName COST = HeaderNames.create("x-ladder-cost-usd");
    static final HeaderName BASELINE_COST = HeaderNames.create("x-ladder-baseline-cost-usd");
    static final HeaderName CACHE = HeaderNames.create("x-ladder-cache");
    static final HeaderName ESCALATIONS = HeaderNames.create("x-ladder-escalations");
    static final HeaderName UPSTREAM_MS = HeaderNames.create("x-ladder-upstream-ms");
    static final HeaderName CACHE_KEY = HeaderNames.create("x-ladder-cache-key");
    static final HeaderName SAVED_COST = HeaderNames.create("x-ladder-saved-cost-usd");

    static final HeaderName FEATURE = HeaderNames.create("x-ladder-feature");
    static final HeaderName FORCE_TIER = HeaderNames.create("x-ladder-tier");
    static final HeaderName MAX_TIER = HeaderNames.create("x-ladder-max-tier");
    static final HeaderName STRATEGY = HeaderNames.create("x-ladder-strategy");
    static final HeaderName CONVERSATION = HeaderNames.create("x-ladder-conversation");
    static final HeaderName LATENCY_BUDGET = HeaderNames.create("x-ladder-latency-budget-ms");
    /** {@code true}: queue the request and answer 202 with a job id. */
    static final HeaderName ASYNC = HeaderNames.create("x-ladder-async");
    /** Where an async job's {@code job.completed} / {@code job.failed} event is sent. */
    static final HeaderName WEBHOOK_URL = HeaderNames.create("x-ladder-webhook-url");
    /** An async job's priority: a whole number, higher runs first (default 0). */
    static final HeaderName PRIORITY = HeaderNames.create("x-ladder-priority");

    private LadderHeaders() {
    }
}
