package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import dev.ladder.model.Tier;
import dev.ladder.wire.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether the gateway can serve ({@code GET /health/ready}), part by part: the config (loaded, or the server
 * would not run), the decision log (its database takes a write), and each tier (at least one deployment whose
 * breaker is not open). The body names each part and, for a failing one, why; unready is 503, so a load balancer
 * stops sending traffic while every deployment of a tier is tripped and resumes once a breaker half-opens.
 *
 * <p>Redis (when the cache, budgets or rate limits are on it) is reported use by use but never makes the gateway
 * unready: a replica that lost Redis still serves, each use by its rule ({@link RedisUse}), so the body says
 * {@code "status": "degraded"} for it, with the rule and since when, while the status code stays 200. Pure.
 */
final class Readiness {

    private Readiness() {
    }

    /** The report; {@code "status": "ready"} or {@code "unready"}. */
    static ObjectNode report(Map<Tier, List<String>> tiers, List<DeploymentHealth> deployments,
            Optional<String> databaseProblem, List<RedisHealth> redis) {
        ObjectNode root = Json.object();
        ObjectNode checks = Json.object();
        boolean ready = true;
        checks.putObject("config").put("status", "ok");
        ObjectNode db = checks.putObject("decision_log");
        if (databaseProblem.isPresent()) {
            ready = false;
            db.put("status", "failing").put("reason", databaseProblem.get());
        } else {
            db.put("status", "ok");
        }
        Set<String> available = deployments.stream().filter(DeploymentHealth::available).map(DeploymentHealth::model)
                .collect(Collectors.toSet());
        ObjectNode tierNodes = checks.putObject("tiers");
        for (Map.Entry<Tier, List<String>> tier : new TreeMap<>(tiers).entrySet()) {
            if (tier.getValue().isEmpty()) {
                continue;
            }
            ObjectNode n = tierNodes.putObject(tier.getKey().wireName());
            List<String> up = tier.getValue().stream().filter(available::contains).toList();
            n.set("available", Json.MAPPER.valueToTree(up));
            if (up.isEmpty()) {
                ready = false;
                n.put("status", "failing");
                n.put("reason", "every deployment's circuit breaker is open: " + String.join(", ", tier.getValue()));
            } else {
                n.put("status", "ok");
            }
        }
        if (!redis.isEmpty()) {
            checks.set("redis", redis(redis));
        }
        root.put("status", ready ? "ready" : "unready");
        root.set("checks", checks);
        return root;
    }

    /** Each use: ok, or degraded with its rule ({@code fail_open}, {@code fail_closed}, {@code local}). */
    private static ObjectNode redis(List<RedisHealth> uses) {
        ObjectNode n = Json.object();
        boolean allUp = uses.stream().allMatch(RedisHealth::up);
        n.put("status", allUp ? "ok" : "degraded");
        ObjectNode each = n.putObject("uses");
        for (RedisHealth h : uses) {
            ObjectNode u = each.putObject(h.use().wireName());
            u.put("status", h.up() ? "ok" : "degraded");
            u.put("rule", h.use().rule());
            if (!h.up()) {
                u.put("down_since", h.since().toString());
                u.put("behaviour", h.use().whenDown());
                h.problem().ifPresent(p -> u.put("reason", p));
            }
        }
        return n;
    }

    static boolean ready(ObjectNode report) {
        return report.path("status").asText().equals("ready");
    }
}
