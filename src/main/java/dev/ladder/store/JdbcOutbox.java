package dev.ladder.store;

import dev.ladder.webhooks.DeliveryAttempt;
import dev.ladder.webhooks.DeliveryState;
import dev.ladder.webhooks.EventRecord;
import dev.ladder.webhooks.OutboxEvent;
import dev.ladder.webhooks.OutboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The webhook outbox in the job queue's database: one row per event ({@code webhook-id}, body, target, state,
 * next try, lease) and one row per delivery attempt. Leasing is the job queue's: a due pending event is held by one
 * deliverer until its lease ends.
 */
public final class JdbcOutbox implements OutboxStore {

    private static final String EVENT_COLUMNS = "id, type, body, url, created_at, state, next_attempt_at";

    private final Database db;

    JdbcOutbox(Database db) {
        this.db = db;
    }

    static void insert(Connection c, OutboxEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_webhook_events (id, type, body, url, "
                + "created_at, state, next_attempt_at, queued_attempts) VALUES (?, ?, ?, ?, ?, 'pending', ?, 0)")) {
            ps.setString(1, e.id());
            ps.setString(2, e.type());
            ps.setString(3, e.body());
            ps.setString(4, e.url().orElse(null));
            ps.setLong(5, e.createdAt().toEpochMilli());
            ps.setLong(6, e.createdAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Override
    public void insert(OutboxEvent event) {
        db.withConnection(c -> {
            insert(c, event);
            return null;
        });
    }

    @Override
    public List<OutboxEvent> leaseDue(String owner, int max, Instant now, Duration lease) {
        String skipLocked = db.dialect() == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_webhook_events SET lease_owner = ?, "
                    + "lease_until = ? WHERE id IN (SELECT id FROM ladder_webhook_events WHERE state = 'pending' AND "
                    + "next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at "
                    + "LIMIT ?" + skipLocked + ") RETURNING " + EVENT_COLUMNS)) {
                ps.setString(1, owner);
                ps.setLong(2, now.plus(lease).toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setInt(5, max);
                List<OutboxEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(event(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void recordAttempt(String eventId, DeliveryAttempt a, DeliveryState next, Optional<Instant> retryAt) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_webhook_attempts (event_id, number, at, "
                    + "url, status, outcome) VALUES (?, (SELECT COUNT(*) + 1 FROM ladder_webhook_attempts WHERE "
                    + "event_id = ?), ?, ?, ?, ?)")) {
                ps.setString(1, eventId);
                ps.setString(2, eventId);
                ps.setLong(3, a.at().toEpochMilli());
                ps.setString(4, a.url());
                if (a.status().isPresent()) {
                    ps.setInt(5, a.status().get());
                } else {
                    ps.setNull(5, Types.INTEGER);
                }
                ps.setString(6, a.outcome());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_webhook_events SET state = ?, "
                    + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, "
                    + "queued_attempts = queued_attempts + 1 WHERE id = ?")) {
                ps.setString(1, next.wireName());
                JdbcJobStore.setNullableLong(ps, 2, retryAt);
                ps.setString(3, eventId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int attemptsSinceQueued(String eventId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT queued_attempts FROM ladder_webhook_events WHERE id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public Optional<EventRecord> event(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                    + " FROM ladder_webhook_events WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(c, rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<EventRecord> list(Optional<DeliveryState> state, int limit) {
        return db.withConnection(c -> {
            String where = state.isPresent() ? " WHERE state = ?" : "";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM ladder_webhook_events"
                    + where + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                int i = 1;
                if (state.isPresent()) {
                    ps.setString(i++, state.get().wireName());
                }
                ps.setInt(i, limit);
                List<EventRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(c, rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean redeliver(String id, Instant now) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_webhook_events SET state = 'pending', "
                    + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, queued_attempts = 0 WHERE id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static OutboxEvent event(ResultSet rs) throws SQLException {
        return new OutboxEvent(rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static EventRecord record(Connection c, ResultSet rs) throws SQLException {
        OutboxEvent e = event(rs);
        DeliveryState state = DeliveryState.parse(rs.getString(6)).orElseThrow();
        long next = rs.getLong(7);
        Optional<Instant> nextAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
        List<DeliveryAttempt> attempts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT number, at, url, status, outcome FROM "
                + "ladder_webhook_attempts WHERE event_id = ? ORDER BY number")) {
            ps.setString(1, e.id());
            try (ResultSet a = ps.executeQuery()) {
                while (a.next()) {
                    int status = a.getInt(4);
                    Optional<Integer> st = a.wasNull() ? Optional.empty() : Optional.of(status);
                    attempts.add(new DeliveryAttempt(a.getInt(1), Instant.ofEpochMilli(a.getLong(2)), a.getString(3),
                            st, a.getString(5)));
                }
            }
        }
        return new EventRecord(e, state, nextAt, attempts);
    }
}
