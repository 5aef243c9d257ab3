package dev.ladder.store;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of the job queue's database: one SQLite connection in WAL mode (writes serialize in SQLite
 * anyway; a lock hands it to one thread at a time), or a small pool of PostgreSQL connections. {@link #inTransaction}
 * runs work atomically in either.
 */
final class JobDatabase implements AutoCloseable {

    enum Dialect { SQLITE, POSTGRES }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int POSTGRES_POOL = 4;

    private final Dialect dialect;
    private final String description;
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all;
    private final ReentrantLock sqliteLock = new ReentrantLock();

    private JobDatabase(Dialect dialect, String description, List<Connection> connections) {
        this.dialect = dialect;
        this.description = description;
        this.all = List.copyOf(connections);
        this.pool = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /** PostgreSQL at {@code url} ({@code jdbc:postgresql://...} or {@code postgresql://user:pw@host:port/db}). */
    static JobDatabase postgres(String url) {
        String jdbc = url;
        Properties props = new Properties();
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI u = URI.create(url);
            Optional.ofNullable(u.getRawUserInfo()).ifPresent(info -> {
                String[] parts = info.split(":", 2);
                props.setProperty("user", decode(parts[0]));
                if (parts.length > 1) {
                    props.setProperty("password", decode(parts[1]));
                }
            });
            jdbc = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath()
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < POSTGRES_POOL; i++) {
                connections.add(DriverManager.getConnection(jdbc, props));
            }
        } catch (SQLException e) {
            connections.forEach(JobDatabase::closeQuietly);
            throw new StoreException("cannot connect to the job database " + redact(jdbc) + ": " + e.getMessage(), e);
        }
        return new JobDatabase(Dialect.POSTGRES, redact(jdbc), connections);
    }

    /** SQLite in WAL mode at {@code file}, created when absent. */
    static JobDatabase sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create directory for " + file + ": " + e, e);
        }
        try {
            return new JobDatabase(Dialect.SQLITE, file.toString(), List.of(Sql.sqliteWal(file, BUSY_TIMEOUT_MILLIS)));
        } catch (SQLException e) {
            throw new StoreException("cannot open the job database " + file + ": " + e.getMessage(), e);
        }
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    /** {@code work} on a connection of its own, auto-committing each statement. */
    <T> T withConnection(Work<T> work) {
        return use(work, false);
    }

    /** {@code work} in one transaction: all of it is committed, or none. */
    <T> T inTransaction(Work<T> work) {
        return use(work, true);
    }

    private <T> T use(Work<T> work, boolean transaction) {
        Connection c = take();
        try {
            if (!transaction) {
                return work.run(c);
            }
            return dialect == Dialect.SQLITE ? sqliteTransaction(c, work) : postgresTransaction(c, work);
        } catch (SQLException e) {
            throw new StoreException("job database " + description + ": " + e.getMessage(), e);
        } finally {
            give(c);
        }
    }

    private static <T> T sqliteTransaction(Connection c, Work<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T out = work.run(c);
                s.execute("COMMIT");
                return out;
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    private static <T> T postgresTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T out = work.run(c);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Connection take() {
        if (dialect == Dialect.SQLITE) {
            sqliteLock.lock();
        }
        try {
            return pool.take();
        } catch (InterruptedException e) {
            if (dialect == Dialect.SQLITE) {
                sqliteLock.unlock();
            }
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a job database connection", e);
        }
    }

    private void give(Connection c) {
        pool.add(c);
        if (dialect == Dialect.SQLITE) {
            sqliteLock.unlock();
        }
    }

    @Override
    public void close() {
        all.forEach(JobDatabase::closeQuietly);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing; nothing to do
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without a password (none should be in it, but a query string may carry one). */
    private static String redact(String jdbc) {
        int q = jdbc.indexOf('?');
        return q < 0 ? jdbc : jdbc.substring(0, q);
    }
}
