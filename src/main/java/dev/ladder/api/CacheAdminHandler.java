package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.pipeline.CacheAdmin;
import dev.ladder.pipeline.CacheAdmin.LayerStats;
import dev.ladder.pipeline.CacheAdmin.Purge;
import dev.ladder.wire.Json;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/cache}: {@code GET} reports each cache layer's entries, bytes, hits, misses, hit rate and saved
 * cost; {@code DELETE} removes everything, a tenant's entries ({@code ?tenant=key_...}, optionally
 * {@code &route=FEATURE}), or one exact entry ({@code ?key=...}, the value of {@code x-ladder-cache-key}).
 */
final class CacheAdminHandler {

    private static final Set<String> DELETE_PARAMS = Set.of("tenant", "route", "key");

    private final CacheAdmin admin;

    CacheAdminHandler(CacheAdmin admin) {
        this.admin = requireNonNull(admin, "admin is null");
    }

    void stats(ServerRequest req, ServerResponse res) {
        ObjectNode root = Json.object();
        ArrayNode layers = root.putArray("layers");
        double saved = 0;
        for (LayerStats s : admin.stats()) {
            ObjectNode n = layers.addObject();
            n.put("layer", s.layer().wireName());
            n.put("entries", s.entries());
            if (s.bytes().isPresent()) {
                n.put("bytes", s.bytes().getAsLong());
            } else {
                n.putNull("bytes");
            }
            n.put("hits", s.hits());
            n.put("misses", s.misses());
            n.put("hit_rate", s.hitRate());
            n.put("saved_cost_usd", s.savedCostUsd());
            saved += s.savedCostUsd();
        }
        root.put("saved_cost_usd", saved);
        send(res, root);
    }

    void delete(ServerRequest req, ServerResponse res) {
        Parameters query = req.query();
        for (String name : query.names()) {
            if (!DELETE_PARAMS.contains(name)) {
                Responses.sendError(res, ErrorMapper.badRequest("Unknown parameter '" + name
                        + "'. Supported: tenant (with an optional route), or key.", name));
                return;
            }
        }
        Optional<String> tenant = first(query, "tenant");
        Optional<String> route = first(query, "route");
        Optional<String> key = first(query, "key");
        Purge purge;
        if (key.isPresent() && (tenant.isPresent() || route.isPresent())) {
            Responses.sendError(res, ErrorMapper.badRequest("Give either key, or tenant (and route), not both.", "key"));
            return;
        } else if (key.isPresent()) {
            purge = new Purge.Key(key.get());
        } else if (tenant.isPresent()) {
            purge = new Purge.Scope(tenant.get(), route);
        } else if (route.isPresent()) {
            Responses.sendError(res, ErrorMapper.badRequest("route needs a tenant.", "route"));
            return;
        } else {
            purge = new Purge.All();
        }
        ObjectNode root = Json.object();
        root.put("deleted", admin.purge(purge));
        send(res, root);
    }

    private static Optional<String> first(Parameters query, String name) {
        return query.contains(name) ? Optional.of(query.get(name)).filter(v -> !v.isBlank()) : Optional.empty();
    }

    private static void send(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(200).send(Json.writeBytes(body));
    }
}
