package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.access.KeyStore;
import dev.ladder.access.Limits;
import dev.ladder.access.Secrets;
import dev.ladder.access.SpendReport;
import dev.ladder.access.Team;
import dev.ladder.access.VirtualKey;
import dev.ladder.model.Tier;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API of keys, teams and spend (behind the master key, see {@link Guard}):
 * {@code POST /admin/keys} (the secret is in this answer only), {@code GET /admin/keys},
 * {@code GET|PATCH|DELETE /admin/keys/{id}} (DELETE revokes), {@code GET /admin/teams},
 * {@code PUT /admin/teams/{name}} and {@code GET /admin/spend?by=key|team|model|tier|feature|day&since=YYYY-MM-DD}.
 */
final class KeysAdminHandler {

    static final String KEYS = "/admin/keys";
    static final String TEAMS = "/admin/teams";
    static final String SPEND = "/admin/spend";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final KeyStore keys;
    private final SpendReport spend;
    private final InstantSource clock;

    KeysAdminHandler(KeyStore keys, SpendReport spend, InstantSource clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.spend = requireNonNull(spend, "spend is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void create(ServerRequest req, ServerResponse res) {
        ObjectNode body;
        VirtualKey key;
        String secret = Secrets.newSecret();
        try {
            body = readObject(req);
            Instant now = clock.instant();
            VirtualKey blank = new VirtualKey(Secrets.newKeyId(), Secrets.visiblePrefix(secret), Secrets.hash(secret),
                    "", Optional.empty(), Optional.empty(), List.of(), Set.of(), Set.of(), Optional.empty(),
                    Limits.NONE, Optional.empty(), Optional.empty(), now);
            key = KeyFields.apply(blank, body, now);
        } catch (KeyFields.Invalid e) {
            Responses.sendError(res, ErrorMapper.badRequest(e.getMessage(), e.param));
            return;
        }
        keys.insert(key);
        ObjectNode out = keyJson(key);
        out.put("key", secret);
        send(res, 201, out);
    }

    void list(ServerRequest req, ServerResponse res) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        keys.list().forEach(k -> data.add(keyJson(k)));
        send(res, 200, root);
    }

    void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<VirtualKey> key = keys.byId(id);
        if (key.isEmpty()) {
            Responses.sendError(res, unknownKey(id));
            return;
        }
        send(res, 200, keyJson(key.get()));
    }

    void update(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<VirtualKey> key = keys.byId(id);
        if (key.isEmpty()) {
            Responses.sendError(res, unknownKey(id));
            return;
        }
        VirtualKey updated;
        try {
            updated = KeyFields.apply(key.get(), readObject(req), clock.instant());
        } catch (KeyFields.Invalid e) {
            Responses.sendError(res, ErrorMapper.badRequest(e.getMessage(), e.param));
            return;
        }
        keys.replace(updated);
        send(res, 200, keyJson(updated));
    }

    void revoke(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<VirtualKey> key = keys.byId(id);
        if (key.isEmpty()) {
            Responses.sendError(res, unknownKey(id));
            return;
        }
        VirtualKey revoked = key.get().revoked() ? key.get() : key.get().revokedAt(clock.instant());
        keys.replace(revoked);
        send(res, 200, keyJson(revoked));
    }

    void teams(ServerRequest req, ServerResponse res) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        keys.teams().forEach(t -> data.add(teamJson(t)));
        send(res, 200, root);
    }

    void putTeam(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Team team;
        try {
            Limits current = keys.team(name).map(Team::limits).orElse(Limits.NONE);
            team = new Team(name, KeyFields.teamLimits(current, readObject(req)));
        } catch (KeyFields.Invalid e) {
            Responses.sendError(res, ErrorMapper.badRequest(e.getMessage(), e.param));
            return;
        } catch (IllegalArgumentException e) {
            Responses.sendError(res, ErrorMapper.badRequest(e.getMessage(), "name"));
            return;
        }
        keys.putTeam(team);
        send(res, 200, teamJson(team));
    }

    void spend(ServerRequest req, ServerResponse res) {
        String byText = req.query().first("by").orElse("key");
        Optional<SpendReport.By> by = SpendReport.By.parse(byText);
        if (by.isEmpty()) {
            Responses.sendError(res, ErrorMapper.badRequest("Invalid 'by': '" + byText + "'. Use key, team, model, "
                    + "tier, feature or day.", "by"));
            return;
        }
        Optional<Instant> since;
        try {
            since = req.query().first("since").map(d -> LocalDate.parse(d).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            Responses.sendError(res, ErrorMapper.badRequest("Invalid 'since': expected a date like 2026-12-01.",
                    "since"));
            return;
        }
        ObjectNode root = Json.object();
        root.put("object", "spend");
        root.put("by", by.get().wireName());
        ArrayNode data = root.putArray("data");
        for (SpendReport.Row r : spend.spend(by.get(), since)) {
            ObjectNode n = data.addObject();
            n.put(by.get().wireName(), r.group());
            n.put("requests", r.requests());
            n.put("prompt_tokens", r.promptTokens());
            n.put("completion_tokens", r.completionTokens());
            n.put("cost_usd", r.costUsd());
            n.put("baseline_cost_usd", r.baselineUsd());
            n.put("savings_usd", r.savingsUsd());
            n.put("unsettled_requests", r.unsettled());
        }
        send(res, 200, root);
    }

    static ObjectNode keyJson(VirtualKey k) {
        ObjectNode n = Json.object();
        n.put("id", k.id());
        n.put("object", "key");
        n.put("prefix", k.prefix());
        n.put("name", k.name());
        n.put("team", k.team().orElse(null));
        n.put("user", k.user().orElse(null));
        ArrayNode tags = n.putArray("tags");
        k.tags().forEach(tags::add);
        ArrayNode models = n.putArray("models");
        k.allowedModels().stream().sorted().forEach(models::add);
        ArrayNode tiers = n.putArray("tiers");
        k.allowedTiers().stream().sorted().forEach(t -> tiers.add(t.wireName()));
        n.put("max_tier", k.maxTier().map(Tier::wireName).orElse(null));
        limitsJson(n, k.limits());
        n.put("expires_at", k.expiresAt().map(Instant::toString).orElse(null));
        n.put("revoked_at", k.revokedAt().map(Instant::toString).orElse(null));
        n.put("created_at", k.createdAt().toString());
        return n;
    }

    private static ObjectNode teamJson(Team t) {
        ObjectNode n = Json.object();
        n.put("name", t.name());
        n.put("object", "team");
        limitsJson(n, t.limits());
        return n;
    }

    private static void limitsJson(ObjectNode n, Limits l) {
        if (l.budget().isPresent()) {
            n.put("budget_usd", l.budget().get().usd());
            n.put("budget_period", l.budget().get().period().wireName());
        } else {
            n.putNull("budget_usd");
            n.putNull("budget_period");
        }
        n.put("rpm", l.rpm());
        n.put("tpm", l.tpm());
        if (l.capWhenSpent().isPresent()) {
            n.putObject("cap").put("percent", l.capWhenSpent().get().percent())
                    .put("tier", l.capWhenSpent().get().tier().wireName());
        } else {
            n.putNull("cap");
        }
    }

    private static HttpError unknownKey(String id) {
        return ErrorMapper.notFoundNamed("No key with id '" + id + "'.", "id");
    }

    private static ObjectNode readObject(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return Json.object();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new KeyFields.Invalid("The body is larger than " + MAX_BODY_BYTES + " bytes.", null);
            }
            if (bytes.length == 0) {
                return Json.object();
            }
            JsonNode root = Json.read(bytes);
            if (root == null || !root.isObject()) {
                throw new KeyFields.Invalid("The body must be a JSON object.", null);
            }
            return (ObjectNode) root;
        } catch (IOException e) {
            throw new KeyFields.Invalid("The body is not valid JSON.", null);
        }
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(status).send(Json.writeBytes(body));
    }
}
