package dev.ladder.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.access.Limits;
import dev.ladder.access.Period;
import dev.ladder.access.VirtualKey;
import dev.ladder.model.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON fields of a key (and a team's limits) in the admin API, applied over a current value: a field that is
 * absent keeps its value, {@code null} clears it. An unknown field or a bad value is a 400 naming it.
 */
final class KeyFields {

    private static final Set<String> KEY_FIELDS = Set.of("name", "team", "user", "tags", "models", "tiers",
            "max_tier", "budget_usd", "budget_period", "rpm", "tpm", "cap", "expires_at", "expires_in_seconds");
    private static final Set<String> LIMIT_FIELDS = Set.of("budget_usd", "budget_period", "rpm", "tpm", "cap");

    /** A field the admin API cannot take. */
    static final class Invalid extends RuntimeException {
        final String param;

        Invalid(String message, String param) {
            super(message);
            this.param = param;
        }
    }

    private KeyFields() {
    }

    static VirtualKey apply(VirtualKey k, ObjectNode body, Instant now) {
        unknown(body, KEY_FIELDS);
        String name = has(body, "name") ? text(body, "name").orElse("") : k.name();
        Optional<String> team = has(body, "team") ? text(body, "team") : k.team();
        Optional<String> user = has(body, "user") ? text(body, "user") : k.user();
        List<String> tags = has(body, "tags") ? strings(body, "tags") : k.tags();
        Set<String> models = has(body, "models") ? new LinkedHashSet<>(strings(body, "models")) : k.allowedModels();
        Set<Tier> tiers = k.allowedTiers();
        if (has(body, "tiers")) {
            Set<Tier> parsed = new LinkedHashSet<>();
            for (String t : strings(body, "tiers")) {
                parsed.add(tier(t, "tiers"));
            }
            tiers = parsed;
        }
        Optional<Tier> maxTier = has(body, "max_tier") ? text(body, "max_tier").map(t -> tier(t, "max_tier"))
                : k.maxTier();
        Optional<Instant> expires = k.expiresAt();
        if (has(body, "expires_at")) {
            try {
                expires = text(body, "expires_at").map(Instant::parse);
            } catch (DateTimeParseException e) {
                throw new Invalid("expires_at must be an ISO-8601 instant such as 2027-01-31T00:00:00Z.",
                        "expires_at");
            }
        }
        if (has(body, "expires_in_seconds")) {
            long s = whole(body, "expires_in_seconds", 0, 100L * 365 * 86400);
            expires = Optional.of(now.plus(Duration.ofSeconds(s)));
        }
        if (name.length() > 200) {
            throw new Invalid("name must be at most 200 characters.", "name");
        }
        return new VirtualKey(k.id(), k.prefix(), k.hash(), name, team, user, tags, models, tiers, maxTier,
                limits(k.limits(), body), expires, k.revokedAt(), k.createdAt());
    }

    /** A key's or a team's limits from {@code budget_usd}, {@code budget_period}, {@code rpm}, {@code tpm}, {@code cap}. */
    static Limits limits(Limits l, ObjectNode body) {
        Optional<Limits.Budget> budget = l.budget();
        if (has(body, "budget_usd")) {
            JsonNode n = body.get("budget_usd");
            if (n.isNull()) {
                budget = Optional.empty();
            } else if (!n.isNumber() || !(n.asDouble() >= 0) || Double.isInfinite(n.asDouble())) {
                throw new Invalid("budget_usd must be a number >= 0.", "budget_usd");
            } else {
                budget = Optional.of(new Limits.Budget(n.asDouble(), l.budget().map(Limits.Budget::period)
                        .orElse(Period.MONTHLY)));
            }
        }
        if (has(body, "budget_period")) {
            String p = text(body, "budget_period").orElse("monthly");
            Period period = Period.parse(p).orElseThrow(() -> new Invalid("budget_period must be daily, monthly or "
                    + "total.", "budget_period"));
            budget = budget.map(b -> new Limits.Budget(b.usd(), period));
        }
        int rpm = has(body, "rpm") ? (int) whole(body, "rpm", 0, 100_000_000) : l.rpm();
        int tpm = has(body, "tpm") ? (int) whole(body, "tpm", 0, 2_000_000_000) : l.tpm();
        Optional<Limits.TierCap> cap = l.capWhenSpent();
        if (has(body, "cap")) {
            JsonNode c = body.get("cap");
            if (c.isNull()) {
                cap = Optional.empty();
            } else if (!c.isObject() || !c.path("percent").isNumber() || !c.path("tier").isTextual()
                    || !(c.path("percent").asDouble() > 0 && c.path("percent").asDouble() <= 100)) {
                throw new Invalid("cap must be {\"percent\": 0 < p <= 100, \"tier\": \"simple|medium|complex\"}.",
                        "cap");
            } else {
                cap = Optional.of(new Limits.TierCap(c.path("percent").asDouble(), tier(c.path("tier").asText(),
                        "cap.tier")));
            }
        }
        return new Limits(budget, rpm, tpm, cap);
    }

    /** A team's limits: only the limit fields are known. */
    static Limits teamLimits(Limits l, ObjectNode body) {
        unknown(body, LIMIT_FIELDS);
        return limits(l, body);
    }

    private static void unknown(ObjectNode body, Set<String> known) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new Invalid("Unknown field '" + f + "'. Known fields: " + known.stream().sorted().toList() + ".",
                        f);
            }
        }
    }

    private static boolean has(ObjectNode body, String field) {
        return body.has(field);
    }

    private static Optional<String> text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new Invalid(field + " must be a string or null.", field);
        }
        String v = n.asText().strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static List<String> strings(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new Invalid(field + " must be an array of strings.", field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual() || x.asText().isBlank() || x.asText().contains(",")) {
                throw new Invalid(field + " must hold non-empty strings without commas.", field);
            }
            out.add(x.asText().strip());
        }
        return out;
    }

    private static long whole(ObjectNode body, String field, long min, long max) {
        JsonNode n = body.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw new Invalid(field + " must be a whole number in " + min + ".." + max + ".", field);
        }
        return n.asLong();
    }

    private static Tier tier(String s, String param) {
        return Tier.parse(s).orElseThrow(() -> new Invalid("Unknown tier '" + s + "' in " + param
                + ": use simple, medium or complex.", param));
    }
}
