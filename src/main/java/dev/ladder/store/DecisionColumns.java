package dev.ladder.store;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.text.IsoTimes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Maps a {@link DecisionRow} to the {@code decisions} columns and back. Timestamps are ISO-8601 UTC with
 * exactly three fraction digits, so text order is time order; tiers and cache statuses are their wire names.
 */
final class DecisionColumns {

    /** In insert order: {@link #bind} sets parameters in exactly this order. */
    private static final List<String> NAMES = List.of("request_id", "ts", "key_id", "\"user\"", "feature",
            "prompt_preview", "stream", "classifier", "score", "confidence", "routed_tier", "model",
            "answered_tier", "attempts", "attempts_json", "status", "error_type", "error_message", "latency_ms",
            "upstream_latency_ms", "prompt_tokens", "completion_tokens", "cost_usd", "baseline_cost_usd",
            "cache_status", "escalations", "features_json", "saved_cost_usd", "route_reason", "escalations_json");

    private static final List<String> ATTEMPT_NAMES = List.of("request_id", "seq", "purpose", "model", "provider",
            "tier", "started_at", "latency_ms", "outcome", "error_kind", "error_message", "max_tokens", "temperature",
            "prompt_tokens", "completion_tokens", "cost_usd", "accepted", "verdict");

    /** One row per upstream call, beside its request's row. */
    static final String INSERT_ATTEMPT = "INSERT INTO attempts (" + String.join(", ", ATTEMPT_NAMES) + ") VALUES ("
            + String.join(", ", ATTEMPT_NAMES.stream().map(n -> "?").toList())
            + ") ON CONFLICT (request_id, seq) DO NOTHING";

    static final String SELECT = "SELECT " + String.join(", ", NAMES) + " FROM decisions";

    /** The attempts of some requests ({@code ?} stands for their ids), in request and call order. */
    static final String SELECT_ATTEMPTS = "SELECT " + String.join(", ", ATTEMPT_NAMES)
            + " FROM attempts WHERE request_id IN (?) ORDER BY request_id, seq";

    /**
     * What a row's {@code attempts_json} holds since the {@code attempts} table took its calls (issue 16): every
     * call was written twice, as JSON and as a row, a third of the bytes of a decision. Rows written before
     * keep their JSON, which {@link #read} still decodes when the table has none of the row's calls.
     */
    static final String ATTEMPTS_IN_TABLE = "[]";

    static final String INSERT = "INSERT INTO decisions (" + String.join(", ", NAMES) + ") VALUES ("
            + String.join(", ", NAMES.stream().map(n -> "?").toList()) + ") ON CONFLICT (request_id) DO NOTHING";


    private DecisionColumns() {
    }

    static String timestamp(Instant t) {
        return IsoTimes.utcMillis(t);
    }

    static void bind(PreparedStatement p, DecisionRow r) throws SQLException {
        int i = 0;
        p.setString(++i, r.requestId());
        p.setString(++i, timestamp(r.receivedAt()));
        p.setString(++i, r.keyId().orElse(null));
        p.setString(++i, r.user().orElse(null));
        p.setString(++i, r.feature().orElse(null));
        p.setString(++i, r.promptPreview());
        p.setInt(++i, r.stream() ? 1 : 0);
        p.setString(++i, r.classifier().orElse(null));
        setDouble(p, ++i, r.score());
        setDouble(p, ++i, r.confidence());
        p.setString(++i, r.routedTier().map(Tier::wireName).orElse(null));
        p.setString(++i, r.model().orElse(null));
        p.setString(++i, r.answeredTier().map(Tier::wireName).orElse(null));
        p.setInt(++i, r.attempts().size());
        p.setString(++i, ATTEMPTS_IN_TABLE);
        p.setInt(++i, r.status());
        p.setString(++i, r.errorType().orElse(null));
        p.setString(++i, r.errorMessage().orElse(null));
        p.setLong(++i, r.latencyMs());
        p.setLong(++i, r.upstreamLatencyMs());
        p.setInt(++i, r.promptTokens());
        p.setInt(++i, r.completionTokens());
        p.setDouble(++i, r.costUsd());
        p.setDouble(++i, r.baselineCostUsd());
        p.setString(++i, r.cacheStatus().wireName());
        p.setInt(++i, r.escalations());
        p.setString(++i, DecisionJson.features(r.features()));
        p.setDouble(++i, r.savedCostUsd());
        p.setString(++i, r.routeReason().orElse(null));
        p.setString(++i, r.escalationList().isEmpty() ? "[]" : DecisionJson.escalations(r.escalationList()));
    }

    /** Binds attempt {@code a} of request {@code requestId} to {@link #INSERT_ATTEMPT}. */
    static void bindAttempt(PreparedStatement p, String requestId, DecisionRow.AttemptRow a) throws SQLException {
        int i = 0;
        p.setString(++i, requestId);
        p.setInt(++i, a.seq());
        p.setString(++i, a.purpose());
        p.setString(++i, a.model());
        p.setString(++i, a.provider());
        p.setString(++i, a.tier().map(Tier::wireName).orElse(null));
        p.setString(++i, timestamp(a.startedAt()));
        p.setLong(++i, a.latencyMs());
        p.setString(++i, a.outcome());
        p.setString(++i, a.errorKind().orElse(null));
        p.setString(++i, a.errorMessage().orElse(null));
        if (a.maxTokens().isPresent()) {
            p.setInt(++i, a.maxTokens().getAsInt());
        } else {
            p.setNull(++i, Types.INTEGER);
        }
        setDouble(p, ++i, a.temperature());
        p.setInt(++i, a.promptTokens());
        p.setInt(++i, a.completionTokens());
        p.setDouble(++i, a.costUsd());
        if (a.accepted().isPresent()) {
            p.setInt(++i, a.accepted().get() ? 1 : 0);
        } else {
            p.setNull(++i, Types.INTEGER);
        }
        p.setString(++i, a.verdict().orElse(null));
    }

    static DecisionRow read(ResultSet rs) throws SQLException {
        return new DecisionRow(rs.getString("request_id"), Instant.parse(rs.getString("ts")),
                string(rs, "key_id"), string(rs, "user"), string(rs, "feature"), rs.getString("prompt_preview"),
                rs.getInt("stream") != 0, string(rs, "classifier"), optionalDouble(rs, "score"),
                optionalDouble(rs, "confidence"), DecisionJson.features(rs.getString("features_json")),
                tier(rs, "routed_tier"), string(rs, "model"), tier(rs, "answered_tier"),
                DecisionJson.attempts(rs.getString("attempts_json")), rs.getInt("status"),
                string(rs, "error_type"), string(rs, "error_message"), rs.getLong("latency_ms"),
                rs.getLong("upstream_latency_ms"), rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"),
                rs.getDouble("cost_usd"), rs.getDouble("baseline_cost_usd"),
                CacheStatus.valueOf(rs.getString("cache_status").toUpperCase(Locale.ROOT)),
                rs.getInt("escalations"), rs.getDouble("saved_cost_usd"), string(rs, "route_reason"),
                DecisionJson.escalations(rs.getString("escalations_json")));
    }

    /** One row of {@link #SELECT_ATTEMPTS}. */
    static DecisionRow.AttemptRow readAttempt(ResultSet rs) throws SQLException {
        int maxTokens = rs.getInt("max_tokens");
        OptionalInt max = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(maxTokens);
        int accepted = rs.getInt("accepted");
        Optional<Boolean> verdictAccepted = rs.wasNull() ? Optional.empty() : Optional.of(accepted != 0);
        return new DecisionRow.AttemptRow(rs.getInt("seq"), rs.getString("purpose"), rs.getString("model"),
                rs.getString("provider"), tier(rs, "tier"), Instant.parse(rs.getString("started_at")),
                rs.getLong("latency_ms"), rs.getString("outcome"), string(rs, "error_kind"),
                string(rs, "error_message"), max, optionalDouble(rs, "temperature"), rs.getInt("prompt_tokens"),
                rs.getInt("completion_tokens"), rs.getDouble("cost_usd"), verdictAccepted, string(rs, "verdict"));
    }

    private static void setDouble(PreparedStatement p, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            p.setDouble(index, value.getAsDouble());
        } else {
            p.setNull(index, Types.REAL);
        }
    }

    private static Optional<String> string(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    private static OptionalDouble optionalDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A tier name this version does not know reads as no tier rather than failing the whole row. */
    private static Optional<Tier> tier(ResultSet rs, String column) throws SQLException {
        return string(rs, column).flatMap(Tier::parse);
    }
}
