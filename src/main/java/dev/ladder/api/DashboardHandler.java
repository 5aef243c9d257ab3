package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionTotals;
import dev.ladder.pipeline.MetricsSnapshot;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /dashboard}: one page served from the jar (HTML, CSS, JS with hand-written SVG charts; nothing
 * from a CDN) that polls the JSON under {@code /admin/dashboard/}. Everything here is behind {@link AdminAuth}:
 * a bearer token, or the cookie that {@code POST /dashboard/login} sets from the login form; without it the
 * page answers 401 with the form, the JSON 401 with an OpenAI-shaped error.
 */
final class DashboardHandler {

    static final String PAGE = "/dashboard";
    static final String LOGIN = "/dashboard/login";
    static final String SUMMARY = "/admin/dashboard/summary";
    static final String DECISIONS = "/admin/dashboard/decisions";
    static final String COOKIE = "ladder_admin";
    static final int RECENT_ROWS = 500;
    private static final int MAX_LOGIN_BYTES = 4096;
    private static final Map<String, String> ASSETS = Map.of("dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final DashboardViews views;
    private final InstantSource clock;

    DashboardHandler(DashboardViews views, InstantSource clock) {
        this.views = requireNonNull(views, "views is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void page(ServerRequest req, ServerResponse res) {
        if (!allowed(req)) {
            html(res, 401, resource("login.html").replace("{{message}}", ""));
            return;
        }
        html(res, 200, resource("index.html"));
    }

    void asset(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        String type = ASSETS.get(name);
        if (type == null) {
            Responses.sendError(res, ErrorMapper.notFound(req.path().path()));
            return;
        }
        if (!allowed(req)) {
            Responses.sendError(res, ErrorMapper.adminKeyRequired());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(200).send(resource(name).getBytes(StandardCharsets.UTF_8));
    }

    void login(ServerRequest req, ServerResponse res) {
        Optional<String> key = formField(req, "key");
        if (key.isEmpty() || !views.auth().allows(key)) {
            html(res, 401, resource("login.html").replace("{{message}}",
                    "<p class=\"error\">That is not the admin key.</p>"));
            return;
        }
        res.header(HeaderNames.SET_COOKIE, COOKIE + "=" + URLEncoder.encode(key.get(), StandardCharsets.UTF_8)
                + "; Path=/; HttpOnly; SameSite=Strict");
        res.header(HeaderNames.LOCATION, PAGE);
        res.status(Status.SEE_OTHER_303).send();
    }

    void summary(ServerRequest req, ServerResponse res) {
        if (!allowed(req)) {
            Responses.sendError(res, ErrorMapper.adminKeyRequired());
            return;
        }
        Instant now = clock.instant();
        Instant midnight = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        ObjectNode root = Json.object();
        root.put("at", now.toString());
        root.set("metrics", metrics(views.metrics().get()));
        ObjectNode today = root.putObject("today");
        today.put("from", midnight.toString());
        today.put("logged", views.decisions().isPresent());
        views.decisions().ifPresent(store -> totals(today,
                DecisionTotals.of(store.between(midnight, now.plusMillis(1), Integer.MAX_VALUE))));
        ArrayNode overTime = root.putArray("tier_mix_over_time");
        views.decisions().ifPresent(store -> tierMixOverTime(overTime, store.recent(RECENT_ROWS)));
        ObjectNode budgets = root.putObject("budgets");
        budgets.put("available", views.budgets().isPresent());
        budgets.put("note", views.budgets().isPresent() ? "No key has a budget yet (ladder keys create --budget USD)."
                : "Per-key budgets appear here once a master key is set and keys have budgets (docs/keys.md).");
        ArrayNode keys = budgets.putArray("keys");
        try {
            views.budgets().ifPresent(b -> b.get().forEach(k -> keys.addObject().put("key_id", k.keyId())
                    .put("name", k.name()).put("period", k.period().wireName()).put("limit_usd", k.limitUsd())
                    .put("used_usd", k.usedUsd()).put("remaining_usd", k.remainingUsd())));
        } catch (dev.ladder.access.Ledger.Unavailable e) {
            // Redis is down: the budgets are refused (fail closed) and their counters cannot be read
            keys.removeAll();
            budgets.put("note", "Budget counters are unavailable (" + e.getMessage() + "): requests on a budget are "
                    + "refused until they return (docs/keys.md).");
        }
        json(res, root);
    }

    void decisions(ServerRequest req, ServerResponse res) {
        if (!allowed(req)) {
            Responses.sendError(res, ErrorMapper.adminKeyRequired());
            return;
        }
        int limit = req.query().first("limit").map(DashboardHandler::parseLimit).orElse(50);
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        views.decisions().ifPresent(store -> store.recent(limit).forEach(r -> data.add(summaryRow(r))));
        json(res, root);
    }

    void decision(ServerRequest req, ServerResponse res) {
        if (!allowed(req)) {
            Responses.sendError(res, ErrorMapper.adminKeyRequired());
            return;
        }
        String id = req.path().pathParameters().get("id");
        Optional<DecisionRow> row = views.decisions().flatMap(store -> store.find(id));
        if (row.isEmpty()) {
            Responses.sendError(res, ErrorMapper.unknownRequestId(id));
            return;
        }
        json(res, path(row.get()));
    }

    private boolean allowed(ServerRequest req) {
        return views.auth().allows(presentedKey(req));
    }

    /** The bearer token, else the dashboard cookie. */
    static Optional<String> presentedKey(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip());
        if (bearer.isPresent()) {
            return bearer;
        }
        return req.headers().first(HeaderNames.COOKIE).flatMap(DashboardHandler::cookie);
    }

    static Optional<String> cookie(String header) {
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return Optional.of(URLDecoder.decode(p.substring(COOKIE.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> formField(ServerRequest req, String name) {
        if (!req.content().hasEntity()) {
            return Optional.empty();
        }
        String body;
        try (InputStream in = req.content().inputStream()) {
            body = new String(in.readNBytes(MAX_LOGIN_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static int parseLimit(String s) {
        try {
            return Math.max(1, Math.min(RECENT_ROWS, Integer.parseInt(s.strip())));
        } catch (NumberFormatException e) {
            return 50;
        }
    }

    static ObjectNode metrics(MetricsSnapshot m) {
        ObjectNode n = Json.object();
        n.put("requests", m.requests());
        n.put("failed_requests", m.failedRequests());
        n.put("escalated_requests", m.escalatedRequests());
        n.put("fallbacks", m.fallbacks());
        n.put("escalation_rate", m.requests() == 0 ? 0 : (double) m.escalatedRequests() / m.requests());
        n.put("fallback_rate", m.requests() == 0 ? 0 : (double) m.fallbacks() / m.requests());
        n.put("cost_usd", m.costUsd());
        n.put("baseline_cost_usd", m.baselineCostUsd());
        n.put("saving_usd", m.baselineCostUsd() - m.costUsd());
        n.put("cache_hits", m.cacheHits());
        n.put("cache_misses", m.cacheMisses());
        long lookups = m.cacheHits() + m.cacheMisses();
        n.put("cache_hit_rate", lookups == 0 ? 0 : (double) m.cacheHits() / lookups);
        n.put("cache_saved_usd", m.cacheSavedUsd());
        ObjectNode tiers = n.putObject("tier_mix");
        m.tierMix().forEach(tiers::put);
        ObjectNode latency = n.putObject("latency_seconds");
        latency.put("p50", m.latencyP50());
        latency.put("p95", m.latencyP95());
        latency.put("p99", m.latencyP99());
        MetricsSnapshot.Drift d = m.drift();
        ObjectNode drift = n.putObject("drift");
        drift.put("reference_ready", d.referenceReady());
        drift.put("tier_distance", d.tierDistance());
        drift.put("last_hour_requests", d.lastHourCount());
        drift.put("last_hour_confidence", d.lastHourConfidence());
        drift.put("reference_confidence", d.referenceConfidence());
        ObjectNode last = drift.putObject("last_hour_share");
        d.lastHourShare().forEach(last::put);
        ObjectNode ref = drift.putObject("reference_share");
        d.referenceShare().forEach(ref::put);
        return n;
    }

    private static void totals(ObjectNode n, DecisionTotals t) {
        n.put("requests", t.requests());
        n.put("cost_usd", t.costUsd());
        n.put("baseline_cost_usd", t.baselineCostUsd());
        n.put("saving_usd", t.savingUsd());
        n.put("cache_saved_usd", t.cacheSavedUsd());
        n.put("escalation_rate", t.escalationRate());
        ObjectNode tiers = n.putObject("tier_mix");
        t.tierMix().forEach(tiers::put);
        ObjectNode features = n.putObject("top_features");
        t.topFeatures().forEach(features::put);
    }

    /** The recent rows counted per minute and answering tier, oldest minute first. */
    private static void tierMixOverTime(ArrayNode out, List<DecisionRow> rows) {
        Map<Instant, Map<String, Long>> byMinute = new TreeMap<>();
        for (DecisionRow r : rows) {
            String tier = r.cacheStatus().isHit() ? "cache" : r.answeredTier().map(t -> t.wireName()).orElse("none");
            byMinute.computeIfAbsent(r.receivedAt().truncatedTo(ChronoUnit.MINUTES), k -> new TreeMap<>())
                    .merge(tier, 1L, Long::sum);
        }
        byMinute.forEach((minute, tiers) -> {
            ObjectNode n = out.addObject();
            n.put("minute", minute.toString());
            tiers.forEach(n::put);
        });
    }

    private static ObjectNode summaryRow(DecisionRow r) {
        ObjectNode n = Json.object();
        n.put("request_id", r.requestId());
        n.put("received_at", r.receivedAt().toString());
        n.put("feature", r.feature().orElse(null));
        n.put("classifier", r.classifier().orElse(null));
        n.put("routed_tier", r.routedTier().map(t -> t.wireName()).orElse(null));
        n.put("answered_tier", r.answeredTier().map(t -> t.wireName()).orElse(null));
        n.put("model", r.model().orElse(null));
        n.put("status", r.status());
        n.put("cache", r.cacheStatus().wireName());
        n.put("escalations", r.escalations());
        n.put("attempts", r.attempts().size());
        n.put("cost_usd", r.costUsd());
        n.put("latency_ms", r.latencyMs());
        return n;
    }

    /** One request's path: classification, route, every attempt with its verdict, escalations, cost. */
    static ObjectNode path(DecisionRow r) {
        ObjectNode n = summaryRow(r);
        n.put("prompt_preview", r.promptPreview());
        n.put("stream", r.stream());
        if (r.score().isPresent()) {
            n.put("score", r.score().getAsDouble());
        }
        if (r.confidence().isPresent()) {
            n.put("confidence", r.confidence().getAsDouble());
        }
        n.put("route_reason", r.routeReason().orElse(null));
        ObjectNode features = n.putObject("features");
        new TreeMap<>(r.features()).forEach(features::put);
        n.put("error_type", r.errorType().orElse(null));
        n.put("error_message", r.errorMessage().orElse(null));
        n.put("baseline_cost_usd", r.baselineCostUsd());
        n.put("saved_cost_usd", r.savedCostUsd());
        n.put("upstream_latency_ms", r.upstreamLatencyMs());
        ArrayNode attempts = n.putArray("attempt_list");
        for (DecisionRow.AttemptRow a : r.attempts()) {
            ObjectNode x = attempts.addObject();
            x.put("seq", a.seq());
            x.put("purpose", a.purpose());
            x.put("model", a.model());
            x.put("provider", a.provider());
            x.put("tier", a.tier().map(t -> t.wireName()).orElse(null));
            x.put("outcome", a.outcome());
            x.put("error_kind", a.errorKind().orElse(null));
            x.put("latency_ms", a.latencyMs());
            x.put("prompt_tokens", a.promptTokens());
            x.put("completion_tokens", a.completionTokens());
            x.put("cost_usd", a.costUsd());
            if (a.accepted().isPresent()) {
                x.put("accepted", a.accepted().get());
            } else {
                x.putNull("accepted");
            }
            x.put("verdict", a.verdict().orElse(null));
        }
        ArrayNode escalations = n.putArray("escalation_list");
        for (DecisionRow.EscalationRow e : r.escalationList()) {
            ObjectNode x = escalations.addObject();
            x.put("from", e.from().wireName());
            x.put("to", e.to().wireName());
            x.put("cause", e.cause());
            x.put("reason", e.reason());
        }
        return n;
    }

    private static String resource(String name) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void html(ServerResponse res, int status, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'");
        res.status(status).send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(200).send(Json.writeBytes(body));
    }
}
