package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.jobs.Batch;
import dev.ladder.jobs.BatchStatus;
import dev.ladder.jobs.Job;
import dev.ladder.jobs.JobResult;
import dev.ladder.jobs.JobState;
import dev.ladder.jobs.JobStore;
import dev.ladder.jobs.Lease;
import dev.ladder.jobs.StoredFile;
import dev.ladder.webhooks.OutboxEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The job queue and the webhook outbox in SQLite (WAL, {@code <dataDir>/jobs.db}) or PostgreSQL. The same SQL
 * serves both; on PostgreSQL the lease takes rows with {@code FOR UPDATE SKIP LOCKED}, so several gateway
 * processes share one queue and never take the same job at once. Times are epoch milliseconds.
 */
public final class JdbcJobStore implements JobStore {

    public static final String SQLITE_FILE = "jobs.db";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_COLUMNS = "id, batch_id, line, custom_id, priority, body, hints, webhook_url, "
            + "state, attempts, created_at, finished_at, status_code, result, cost_usd, tier, request_id, key_id";
    private static final String BATCH_COLUMNS = "id, input_file_id, endpoint, completion_window, status, created_at, "
            + "expires_at, transitions, output_file_id, error_file_id, metadata, total, webhook_url";

    private static final java.util.Comparator<Lease> LEASE_ORDER = java.util.Comparator
            .comparingInt((Lease l) -> -l.job().priority()).thenComparing(l -> l.job().createdAt())
            .thenComparingInt(l -> l.job().line());

    /** The advisory lock that serializes leases on PostgreSQL when keys have limits. */
    private static final long LEASE_LOCK = 0x1add3_0b5L;

    private final Database db;
    private final JdbcOutbox outbox;

    private JdbcJobStore(Database db) {
        this.db = db;
        this.outbox = new JdbcOutbox(db);
    }

    /** The queue in PostgreSQL at {@code url} when given, else in SQLite under {@code dataDir}. */
    public static JdbcJobStore open(Optional<String> url, Path dataDir) {
        Database db = url.isPresent() ? Database.postgres(url.get())
                : Database.sqlite(dataDir.resolve(SQLITE_FILE), BUSY_TIMEOUT_MILLIS);
        try {
            // the queue's tables were the same from the first release until versioned migrations
            db.migrate("jobs", Migrations.Legacy.whenTable("ladder_jobs", 1));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new JdbcJobStore(db);
    }

    /** The webhook outbox in the same database. */
    public JdbcOutbox outbox() {
        return outbox;
    }

    /** Where the queue lives (no password), for the log. */
    public String description() {
        return db.dialect().name().toLowerCase(java.util.Locale.ROOT) + " " + db.description();
    }

    @Override
    public void putFile(StoredFile file) {
        db.withConnection(c -> {
            insertFile(c, file);
            return null;
        });
    }

    private static void insertFile(Connection c, StoredFile f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_files (id, purpose, filename, bytes, "
                + "created_at, content) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, f.id());
            ps.setString(2, f.purpose());
            ps.setString(3, f.filename());
            ps.setLong(4, f.bytes());
            ps.setLong(5, f.createdAt().toEpochMilli());
            ps.setBytes(6, f.content());
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<StoredFile> file(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, purpose, filename, created_at, content FROM ladder_files WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getBytes(5))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void putBatch(Batch batch, List<Job> jobs) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_batches (" + BATCH_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, batch.id());
                ps.setString(2, batch.inputFileId());
                ps.setString(3, batch.endpoint());
                ps.setString(4, batch.completionWindow());
                ps.setString(5, batch.status().wireName());
                ps.setLong(6, batch.createdAt().toEpochMilli());
                ps.setLong(7, batch.expiresAt().toEpochMilli());
                ps.setString(8, transitions(batch.transitions()));
                ps.setString(9, batch.outputFileId().orElse(null));
                ps.setString(10, batch.errorFileId().orElse(null));
                ps.setString(11, json(batch.metadata()));
                ps.setInt(12, batch.counts().total());
                ps.setString(13, batch.webhookUrl().orElse(null));
                ps.executeUpdate();
            }
            insertJobs(c, jobs);
            return null;
        });
    }

    @Override
    public void putJob(Job job) {
        db.withConnection(c -> {
            insertJobs(c, List.of(job));
            return null;
        });
    }

    private static void insertJobs(Connection c, List<Job> jobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_jobs (id, batch_id, line, custom_id, "
                + "priority, body, hints, webhook_url, state, attempts, created_at, key_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            for (Job j : jobs) {
                ps.setString(1, j.id());
                ps.setString(2, j.batchId().orElse(null));
                ps.setInt(3, j.line());
                ps.setString(4, j.customId().orElse(null));
                ps.setInt(5, j.priority());
                ps.setString(6, j.body());
                ps.setString(7, j.hints());
                ps.setString(8, j.webhookUrl().orElse(null));
                ps.setString(9, j.state().wireName());
                ps.setLong(10, j.createdAt().toEpochMilli());
                ps.setString(11, j.keyId().orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<Batch> batch(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM ladder_batches WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(batch(c, rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Batch> batches(Optional<String> after, int limit) {
        return db.withConnection(c -> {
            String where = after.isPresent() ? " WHERE (created_at, id) < (SELECT created_at, id FROM ladder_batches "
                    + "WHERE id = ?)" : "";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM ladder_batches" + where
                    + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                int i = 1;
                if (after.isPresent()) {
                    ps.setString(i++, after.get());
                }
                ps.setInt(i, limit);
                List<Batch> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(batch(c, rs));
                    }
                }
                return out;
            }
        });
    }

    private static Batch batch(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        Map<JobState, Integer> counts = counts(c, Optional.of(id));
        int completed = counts.getOrDefault(JobState.SUCCEEDED, 0);
        int failed = counts.getOrDefault(JobState.FAILED, 0) + counts.getOrDefault(JobState.EXPIRED, 0)
                + counts.getOrDefault(JobState.CANCELLED, 0);
        return new Batch(id, rs.getString(2), rs.getString(3), rs.getString(4),
                BatchStatus.parse(rs.getString(5)).orElseThrow(), Instant.ofEpochMilli(rs.getLong(6)),
                Instant.ofEpochMilli(rs.getLong(7)), transitions(rs.getString(8)), Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)), stringMap(rs.getString(11)),
                new Batch.Counts(rs.getInt(12), completed, failed), Optional.ofNullable(rs.getString(13)));
    }

    @Override
    public boolean cancelBatch(String id, Instant now) {
        return db.inTransaction(c -> {
            Optional<Batch> b = lockedBatch(c, id);
            if (b.isEmpty() || b.get().status().isFinished() || b.get().status() == BatchStatus.CANCELLING) {
                return b.isPresent() && b.get().status() == BatchStatus.CANCELLING;
            }
            Map<BatchStatus, Instant> t = new EnumMap<>(BatchStatus.class);
            t.putAll(b.get().transitions());
            t.put(BatchStatus.CANCELLING, now);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ladder_batches SET status = ?, transitions = ? WHERE id = ?")) {
                ps.setString(1, BatchStatus.CANCELLING.wireName());
                ps.setString(2, transitions(t));
                ps.setString(3, id);
                ps.executeUpdate();
            }
            finishQueued(c, id, JobState.CANCELLED, now);
            return true;
        });
    }

    private static void finishQueued(Connection c, String batchId, JobState state, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_jobs SET state = ?, finished_at = ? "
                + "WHERE batch_id = ? AND state = 'queued'")) {
            ps.setString(1, state.wireName());
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, batchId);
            ps.executeUpdate();
        }
    }

    private Optional<Batch> lockedBatch(Connection c, String id) throws SQLException {
        String lock = db.dialect() == Database.Dialect.POSTGRES ? " FOR UPDATE" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM ladder_batches WHERE id = ?"
                + lock)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(batch(c, rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Job> job(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM ladder_jobs WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Lease> lease(String owner, int max, Instant now, Duration lease, int perKeyLimit) {
        requireNonNull(owner, "owner is null");
        String skipLocked = db.dialect() == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        String perKey = perKeyLimit <= 0 ? "" : " AND (j.key_id IS NULL OR (SELECT COUNT(*) FROM ladder_jobs r "
                + "WHERE r.key_id = j.key_id AND r.state = 'running' AND r.lease_until >= ?) < ?)";
        return db.inTransaction(c -> {
            if (perKeyLimit > 0 && db.dialect() == Database.Dialect.POSTGRES) {
                // per-key counts must see every other process's leases: lease one process at a time (SQLite's
                // BEGIN IMMEDIATE already does); the lock ends with the transaction
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + LEASE_LOCK + ")");
                }
            }
            List<Lease> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_jobs SET state = 'running', lease_owner = ?, "
                    + "lease_until = ?, attempts = attempts + 1 WHERE id IN (SELECT j.id FROM ladder_jobs j WHERE "
                    + "(j.state = 'queued' OR (j.state = 'running' AND j.lease_until < ?))" + perKey
                    + " ORDER BY j.priority DESC, j.created_at, j.line LIMIT ?" + skipLocked + ") RETURNING "
                    + JOB_COLUMNS)) {
                int i = 1;
                ps.setString(i++, owner);
                ps.setLong(i++, now.plus(lease).toEpochMilli());
                ps.setLong(i++, now.toEpochMilli());
                if (perKeyLimit > 0) {
                    ps.setLong(i++, now.toEpochMilli());
                    ps.setInt(i++, perKeyLimit);
                }
                ps.setInt(i, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Job j = job(rs);
                        out.add(new Lease(j, owner, j.attempts()));
                    }
                }
            }
            // RETURNING keeps no order: start them in the order they were chosen
            out.sort(LEASE_ORDER);
            return perKeyLimit <= 0 ? out : withinKeyLimits(c, out, now, perKeyLimit);
        });
    }

    /**
     * The filter above saw each key's running jobs before this lease, so one lease may take more of a key than its
     * limit allows: the newest of those go back to the queue (as if never leased) in the same transaction.
     */
    private static List<Lease> withinKeyLimits(Connection c, List<Lease> leased, Instant now, int limit)
            throws SQLException {
        Map<String, Integer> running = new java.util.HashMap<>();
        List<Lease> kept = new ArrayList<>();
        for (Lease l : leased) {
            Optional<String> key = l.job().keyId();
            if (key.isEmpty()) {
                kept.add(l);
                continue;
            }
            int n = running.computeIfAbsent(key.get(), k -> runningOthers(c, k, now, leased));
            if (n < limit) {
                running.put(key.get(), n + 1);
                kept.add(l);
            } else {
                release(c, l);
            }
        }
        return kept;
    }

    private static int runningOthers(Connection c, String key, Instant now, List<Lease> leased) {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ladder_jobs WHERE key_id = ? AND "
                + "state = 'running' AND lease_until >= ?")) {
            ps.setString(1, key);
            ps.setLong(2, now.toEpochMilli());
            java.util.Set<String> mine = new java.util.HashSet<>();
            leased.forEach(l -> mine.add(l.job().id()));
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!mine.contains(rs.getString(1))) {
                        n++;
                    }
                }
            }
            return n;
        } catch (SQLException e) {
            throw new StoreException("cannot count the running jobs of a key: " + e.getMessage(), e);
        }
    }

    private static void release(Connection c, Lease l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_jobs SET state = 'queued', lease_owner = NULL, "
                + "lease_until = NULL, attempts = attempts - 1 WHERE id = ?")) {
            ps.setString(1, l.job().id());
            ps.executeUpdate();
        }
    }

    @Override
    public boolean complete(Lease lease, JobState state, JobResult result, Instant now, List<OutboxEvent> events) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("a result needs a finished state, not " + state);
        }
        return db.inTransaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_jobs SET state = ?, status_code = ?, "
                    + "result = ?, cost_usd = ?, tier = ?, request_id = ?, finished_at = ?, "
                    + "lease_until = NULL WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?")) {
                ps.setString(1, state.wireName());
                ps.setInt(2, result.statusCode());
                ps.setString(3, result.body());
                ps.setDouble(4, result.costUsd());
                ps.setString(5, result.tier().orElse(null));
                ps.setString(6, result.requestId());
                ps.setLong(7, now.toEpochMilli());
                ps.setString(8, lease.job().id());
                ps.setString(9, lease.owner());
                ps.setInt(10, lease.attempt());
                n = ps.executeUpdate();
            }
            if (n == 1) {
                for (OutboxEvent e : events) {
                    JdbcOutbox.insert(c, e);
                }
            }
            return n == 1;
        });
    }

    @Override
    public int expireOverdue(Instant now) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_jobs SET state = 'expired', finished_at = ? "
                    + "WHERE state = 'queued' AND batch_id IN (SELECT id FROM ladder_batches WHERE status IN "
                    + "('in_progress', 'cancelling') AND expires_at < ?)")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> batchesToFinalize() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.id FROM ladder_batches b WHERE b.status IN "
                    + "('in_progress', 'cancelling', 'finalizing') AND NOT EXISTS (SELECT 1 FROM ladder_jobs j "
                    + "WHERE j.batch_id = b.id AND j.state IN ('queued', 'running'))");
                    ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Batch> finalizeBatch(String id, BiFunction<Batch, List<Job>, Finalized> finisher) {
        return db.inTransaction(c -> {
            Optional<Batch> b = lockedBatch(c, id);
            if (b.isEmpty() || b.get().status().isFinished()) {
                return Optional.empty();
            }
            List<Job> jobs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM ladder_jobs WHERE batch_id = ? ORDER BY line")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(job(rs));
                    }
                }
            }
            if (jobs.stream().anyMatch(j -> !j.state().isFinished())) {
                return Optional.empty();
            }
            Finalized f = finisher.apply(b.get(), jobs);
            for (StoredFile file : f.files()) {
                insertFile(c, file);
            }
            Batch done = f.batch();
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_batches SET status = ?, transitions = ?, "
                    + "output_file_id = ?, error_file_id = ?, metadata = ? WHERE id = ?")) {
                ps.setString(1, done.status().wireName());
                ps.setString(2, transitions(done.transitions()));
                ps.setString(3, done.outputFileId().orElse(null));
                ps.setString(4, done.errorFileId().orElse(null));
                ps.setString(5, json(done.metadata()));
                ps.setString(6, id);
                ps.executeUpdate();
            }
            for (OutboxEvent e : f.events()) {
                JdbcOutbox.insert(c, e);
            }
            return Optional.of(done);
        });
    }

    @Override
    public Map<JobState, Integer> countByState(Optional<String> batchId) {
        return db.withConnection(c -> counts(c, batchId));
    }

    private static Map<JobState, Integer> counts(Connection c, Optional<String> batchId) throws SQLException {
        String where = batchId.isPresent() ? " WHERE batch_id = ?" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM ladder_jobs" + where
                + " GROUP BY state")) {
            if (batchId.isPresent()) {
                ps.setString(1, batchId.get());
            }
            Map<JobState, Integer> out = new EnumMap<>(JobState.class);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(JobState.parse(rs.getString(1)).orElseThrow(), rs.getInt(2));
                }
            }
            return out;
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        long finished = rs.getLong(12);
        boolean hasFinished = !rs.wasNull();
        int status = rs.getInt(13);
        boolean hasResult = !rs.wasNull();
        Optional<JobResult> result = hasResult ? Optional.of(new JobResult(status, rs.getString(14), rs.getDouble(15),
                Optional.ofNullable(rs.getString(16)), Optional.ofNullable(rs.getString(17)).orElse("")))
                : Optional.empty();
        return new Job(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getInt(3),
                Optional.ofNullable(rs.getString(4)), rs.getInt(5), rs.getString(6), rs.getString(7),
                Optional.ofNullable(rs.getString(18)), Optional.ofNullable(rs.getString(8)), JobState.parse(rs.getString(9)).orElseThrow(), rs.getInt(10),
                Instant.ofEpochMilli(rs.getLong(11)), hasFinished ? Optional.of(Instant.ofEpochMilli(finished))
                        : Optional.empty(), result);
    }

    private static String transitions(Map<BatchStatus, Instant> t) {
        Map<String, Long> out = new LinkedHashMap<>();
        t.forEach((k, v) -> out.put(k.wireName(), v.toEpochMilli()));
        return json(out);
    }

    private static Map<BatchStatus, Instant> transitions(String text) {
        Map<BatchStatus, Instant> out = new EnumMap<>(BatchStatus.class);
        try {
            Map<String, Long> raw = JSON.readValue(text, new TypeReference<Map<String, Long>>() { });
            raw.forEach((k, v) -> BatchStatus.parse(k).ifPresent(s -> out.put(s, Instant.ofEpochMilli(v))));
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt batch transitions: " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, String> stringMap(String text) {
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt batch metadata: " + e.getMessage(), e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(i, v.get().toEpochMilli());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
