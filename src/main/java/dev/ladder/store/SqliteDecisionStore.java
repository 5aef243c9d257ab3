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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The decision log in an embedded SQLite file, {@code <dataDir>/ladder.db}, in WAL mode so reads (dashboard,
 * CLI) never wait for the writer. One connection writes, one reads; each is used by one thread at a time.
 * Opening creates the directory and the schema when absent and migrates an older schema.
 */
public final class SqliteDecisionStore implements DecisionStore {

    public static final String FILE_NAME = "ladder.db";

    private static final System.Logger LOG = System.getLogger(SqliteDecisionStore.class.getName());
    /** How long a statement waits for another process's lock on the file before it fails. */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteDecisionStore(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens (creating when absent) {@code <dataDir>/ladder.db}.
     *
     * @throws StoreException when the directory or the database cannot be created or opened, or the database
     *         was written by a newer Ladder
     */
    public static SqliteDecisionStore open(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e, e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        Connection writer = null;
        try {
            writer = connect(file);
            DecisionSchema.migrate(writer, file);
            return new SqliteDecisionStore(file, writer, connect(file));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer, e);
            throw e instanceof StoreException se ? se
                    : new StoreException("cannot open decision log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Why the decision log cannot be written right now, or empty when it can: takes SQLite's write lock
     * ({@code BEGIN IMMEDIATE}) and rolls back, so nothing is written. For {@code /health/ready}.
     */
    public Optional<String> writeProblem() {
        writeLock.lock();
        try (var statement = writer.createStatement()) {
            if (closed.get()) {
                return Optional.of("the decision log is closed");
            }
            boolean auto = writer.getAutoCommit();
            writer.setAutoCommit(true);
            try {
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("ROLLBACK");
            } finally {
                writer.setAutoCommit(auto);
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("cannot write " + file + ": " + e.getMessage());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void append(List<DecisionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            ensureOpen();
            int stored = insert(rows);
            if (stored < rows.size()) {
                LOG.log(Level.WARNING, (rows.size() - stored) + " decision rows skipped: request id already stored");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write " + rows.size() + " decision rows to " + file + ": "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<DecisionRow> recent(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0: " + limit);
        }
        return query(DecisionColumns.SELECT + " ORDER BY ts DESC, rowid DESC LIMIT ?", p -> p.setInt(1, limit));
    }

    @Override
    public List<DecisionRow> between(java.time.Instant from, java.time.Instant to, int limit) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0: " + limit);
        }
        return query(DecisionColumns.SELECT + " WHERE ts >= ? AND ts < ? ORDER BY ts DESC, rowid DESC LIMIT ?", p -> {
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
        writeLock.lock();
        try {
            ensureOpen();
            try (PreparedStatement p = writer.prepareStatement("INSERT INTO feedback (request_id, ts, score, regenerated) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM decisions WHERE request_id = ?"
                    + (keyId == null ? "" : " AND key_id = ?") + ")")) {
                p.setString(1, feedback.requestId());
                p.setString(2, DecisionColumns.timestamp(feedback.receivedAt()));
                if (feedback.score().isPresent()) {
                    p.setDouble(3, feedback.score().getAsDouble());
                } else {
                    p.setNull(3, java.sql.Types.REAL);
                }
                p.setInt(4, feedback.regenerated() ? 1 : 0);
                p.setString(5, feedback.requestId());
                if (keyId != null) {
                    p.setString(6, keyId);
                }
                return p.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write feedback to " + file + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<Feedback> feedback() {
        readLock.lock();
        try {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement(
                    "SELECT request_id, ts, score, regenerated FROM feedback ORDER BY id");
                    ResultSet rs = p.executeQuery()) {
                List<Feedback> out = new ArrayList<>();
                while (rs.next()) {
                    double score = rs.getDouble("score");
                    OptionalDouble s = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(score);
                    out.add(new Feedback(rs.getString("request_id"), java.time.Instant.parse(rs.getString("ts")), s,
                            rs.getInt("regenerated") != 0));
                }
                return out;
            } catch (SQLException | RuntimeException e) {
                throw new StoreException("cannot read feedback from " + file + ": " + e.getMessage(), e);
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Closes both connections, waiting for a write or read in progress to end. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writeLock.lock();
        try {
            closeQuietly(writer, null);
        } finally {
            writeLock.unlock();
        }
        readLock.lock();
        try {
            closeQuietly(reader, null);
        } finally {
            readLock.unlock();
        }
    }

    /** Inserts all rows in one transaction; returns how many were new. */
    private int insert(List<DecisionRow> rows) throws SQLException {
        int[] stored = {0};
        Sql.inTransaction(writer, () -> {
            try (PreparedStatement insert = writer.prepareStatement(DecisionColumns.INSERT);
                    PreparedStatement attempts = writer.prepareStatement(DecisionColumns.INSERT_ATTEMPT)) {
                for (DecisionRow row : rows) {
                    DecisionColumns.bind(insert, row);
                    insert.addBatch();
                    for (DecisionRow.AttemptRow a : row.attempts()) {
                        DecisionColumns.bindAttempt(attempts, row.requestId(), a);
                        attempts.addBatch();
                    }
                }
                for (int count : insert.executeBatch()) {
                    stored[0] += Math.max(count, 0);
                }
                attempts.executeBatch();
            }
        });
        return stored[0];
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    /** Runs a query on the read connection; a row that cannot be decoded fails the query as a StoreException. */
    private List<DecisionRow> query(String sql, Binder binder) {
        readLock.lock();
        try {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement(sql)) {
                binder.bind(p);
                List<DecisionRow> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(DecisionColumns.read(rs));
                    }
                }
                return rows;
            } catch (SQLException | RuntimeException e) {
                throw new StoreException("cannot read decision log " + file + ": " + e.getMessage(), e);
            }
        } finally {
            readLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("decision store " + file + " is closed");
        }
    }

    private static Connection connect(Path file) throws SQLException {
        return Sql.sqliteWal(file, BUSY_TIMEOUT_MILLIS);
    }

    private static void closeQuietly(Connection c, Exception pending) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            } else {
                LOG.log(Level.WARNING, "closing decision log connection failed", e);
            }
        }
    }
}
