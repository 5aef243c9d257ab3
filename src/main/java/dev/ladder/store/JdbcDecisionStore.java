package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.Feedback;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The decision log: in an embedded SQLite file, {@code <dataDir>/ladder.db}, in WAL mode so reads (dashboard, CLI)
 * never wait for the writer; or in PostgreSQL, shared by every replica. Opening creates the tables when absent and
 * applies the versioned migrations of {@code db/migration/<dialect>/decisions} ({@link Migrations}).
 */
public final class JdbcDecisionStore implements DecisionStore {

    public static final String FILE_NAME = "ladder.db";

    private static final System.Logger LOG = System.getLogger(JdbcDecisionStore.class.getName());
    /** How long a statement waits for another process's lock on the file before it fails. */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Database db;
    /** What orders rows of the same millisecond: SQLite's rowid, PostgreSQL's serial column. */
    private final String insertOrder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcDecisionStore(Database db) {
        this.db = db;
        this.insertOrder = db.dialect() == Database.Dialect.POSTGRES ? "seq" : "rowid";
    }

    /**
     * Opens (creating when absent) {@code <dataDir>/ladder.db}.
     *
     * @throws StoreException when the directory or the database cannot be created or opened, or the database
     *         was written by a newer Ladder
     */
    public static JdbcDecisionStore open(Path dataDir) {
        return open(Optional.empty(), dataDir);
    }

    /** The decision log in PostgreSQL at {@code url} when given, else in SQLite under {@code dataDir}. */
    public static JdbcDecisionStore open(Optional<String> url, Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        Database db;
        if (url.isPresent()) {
            db = Database.postgres(url.get());
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new StoreException("cannot create data directory " + dataDir + ": " + e, e);
            }
            db = Database.sqlite(dataDir.resolve(FILE_NAME), BUSY_TIMEOUT_MILLIS);
        }
        try {
            db.migrate("decisions", JdbcDecisionStore::legacyVersion);
            return new JdbcDecisionStore(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Before versioned migrations, the decision log counted its own schema steps in {@code schema_version}. */
    private static int legacyVersion(Connection c) throws SQLException {
        if (!Migrations.tableExists(c, "schema_version")) {
            return 0;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The SQLite file.
     *
     * @throws IllegalStateException when the log is in PostgreSQL
     */
    public Path file() {
        return db.file().orElseThrow(() -> new IllegalStateException("the decision log is in " + db.description()));
    }

    /** Where the log lives (no password), for the log and errors. */
    public String description() {
        return db.description();
    }

    /**
     * Why the decision log cannot be written right now, or empty when it can. On SQLite it takes the write lock
     * ({@code BEGIN IMMEDIATE}) and rolls back, so nothing is written; on PostgreSQL it asks a pooled connection
     * whether it is still valid. For {@code /health/ready}.
     */
    public Optional<String> writeProblem() {
        if (closed.get()) {
            return Optional.of("the decision log is closed");
        }
        try {
            return db.withConnection(c -> {
                if (db.dialect() == Database.Dialect.POSTGRES) {
                    return c.isValid(2) ? Optional.<String>empty()
                            : Optional.of("cannot reach " + db.description());
                }
                Sql.inTransaction(c, x -> null);
                return Optional.<String>empty();
            });
        } catch (StoreException e) {
            return Optional.of("cannot write " + db.description() + ": " + e.getMessage());
        }
    }

    @Override
    public void append(List<DecisionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ensureOpen();
        try {
            int stored = db.inTransaction(c -> insert(c, rows));
            if (stored < rows.size()) {
                LOG.log(Level.WARNING, (rows.size() - stored) + " decision rows skipped: request id already stored");
            }
        } catch (StoreException e) {
            throw new StoreException("cannot write " + rows.size() + " decision rows to " + db.description() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public List<DecisionRow> recent(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0: " + limit);
        }
        return query(DecisionColumns.SELECT + " ORDER BY ts DESC, " + insertOrder + " DESC LIMIT ?",
                p -> p.setInt(1, limit));
    }

    @Override
    public List<DecisionRow> between(java.time.Instant from, java.time.Instant to, int limit) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0: " + limit);
        }
        return query(DecisionColumns.SELECT + " WHERE ts >= ? AND ts < ? ORDER BY ts DESC, " + insertOrder
                + " DESC LIMIT ?", p -> {
                    p.setString(1, DecisionColumns.timestamp(from));
                    p.setString(2, DecisionColumns.timestamp(to));
                    p.setInt(3, limit);
                });
    }

    @Override
    public Optional<DecisionRow> find(String requestId) {
        requireNonNull(requestId, "requestId is null");
        return query(DecisionColumns.SELECT + " WHERE request_id = ?", p -> p.setString(1, requestId))
                .stream().findFirst();
    }

    @Override
    public boolean addFeedback(Feedback feedback) {
        return insertFeedback(feedback, null);
    }

    @Override
    public boolean addFeedback(Feedback feedback, String keyId) {
        return insertFeedback(feedback, requireNonNull(keyId, "keyId is null"));
    }

    /** Inserts when the decision exists (and, with {@code keyId}, was made with that key). */
    private boolean insertFeedback(Feedback feedback, String keyId) {
        requireNonNull(feedback, "feedback is null");
        ensureOpen();
        try {
            return db.withConnection(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO feedback (request_id, ts, score, "
                        + "regenerated) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM decisions WHERE request_id = ?"
                        + (keyId == null ? "" : " AND key_id = ?") + ")")) {
                    p.setString(1, feedback.requestId());
                    p.setString(2, DecisionColumns.timestamp(feedback.receivedAt()));
                    if (feedback.score().isPresent()) {
                        p.setDouble(3, feedback.score().getAsDouble());
                    } else {
                        p.setNull(3, java.sql.Types.DOUBLE);
                    }
                    p.setInt(4, feedback.regenerated() ? 1 : 0);
                    p.setString(5, feedback.requestId());
                    if (keyId != null) {
                        p.setString(6, keyId);
                    }
                    return p.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            throw new StoreException("cannot write feedback to " + db.description() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public List<Feedback> feedback() {
        ensureOpen();
        try {
            return db.read(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT request_id, ts, score, regenerated FROM feedback ORDER BY id");
                        ResultSet rs = p.executeQuery()) {
                    List<Feedback> out = new ArrayList<>();
                    while (rs.next()) {
                        double score = rs.getDouble("score");
                        OptionalDouble s = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(score);
                        out.add(new Feedback(rs.getString("request_id"), java.time.Instant.parse(rs.getString("ts")),
                                s, rs.getInt("regenerated") != 0));
                    }
                    return out;
                } catch (RuntimeException e) {
                    throw new SQLException(e.getMessage(), e);
                }
            });
        } catch (StoreException e) {
            throw new StoreException("cannot read feedback from " + db.description() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Closes the connections, waiting for a write or read in progress to end. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
        }
    }

    /** Inserts all rows in one transaction; returns how many were new. */
    private static int insert(Connection c, List<DecisionRow> rows) throws SQLException {
        int stored = 0;
        try (PreparedStatement insert = c.prepareStatement(DecisionColumns.INSERT);
                PreparedStatement attempts = c.prepareStatement(DecisionColumns.INSERT_ATTEMPT)) {
            for (DecisionRow row : rows) {
                DecisionColumns.bind(insert, row);
                insert.addBatch();
                for (DecisionRow.AttemptRow a : row.attempts()) {
                    DecisionColumns.bindAttempt(attempts, row.requestId(), a);
                    attempts.addBatch();
                }
            }
            for (int count : insert.executeBatch()) {
                stored += Math.max(count, 0);
            }
            attempts.executeBatch();
        }
        return stored;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    /** Runs a query on the read connection; a row that cannot be decoded fails the query as a StoreException. */
    private List<DecisionRow> query(String sql, Binder binder) {
        ensureOpen();
        try {
            return db.read(c -> {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    binder.bind(p);
                    List<DecisionRow> rows = new ArrayList<>();
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            rows.add(DecisionColumns.read(rs));
                        }
                    }
                    return withTableAttempts(c, rows);
                } catch (RuntimeException e) {
                    throw new SQLException(e.getMessage(), e);
                }
            });
        } catch (StoreException e) {
            throw new StoreException("cannot read decision log " + db.description() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Ids per query of the attempts table: far below SQLite's and PostgreSQL's limits on parameters. */
    private static final int IDS_PER_QUERY = 500;

    /**
     * {@code rows} with their calls from the {@code attempts} table, read in the same connection's next read. A row
     * with none there keeps what its {@code attempts_json} held: a row written before the table took the calls,
     * or a request that made no call. Both tables are written in one transaction, so a row this connection saw
     * has all its calls committed.
     */
    private static List<DecisionRow> withTableAttempts(Connection c, List<DecisionRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<DecisionRow.AttemptRow>> byId = new HashMap<>();
        for (int from = 0; from < rows.size(); from += IDS_PER_QUERY) {
            List<DecisionRow> chunk = rows.subList(from, Math.min(rows.size(), from + IDS_PER_QUERY));
            String sql = DecisionColumns.SELECT_ATTEMPTS.replace("(?)",
                    "(" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")");
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i).requestId());
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        byId.computeIfAbsent(rs.getString("request_id"), k -> new ArrayList<>())
                                .add(DecisionColumns.readAttempt(rs));
                    }
                }
            }
        }
        List<DecisionRow> out = new ArrayList<>(rows.size());
        for (DecisionRow row : rows) {
            List<DecisionRow.AttemptRow> calls = byId.get(row.requestId());
            out.add(calls == null ? row : row.withAttempts(calls));
        }
        return out;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("decision store " + db.description() + " is closed");
        }
    }
}
