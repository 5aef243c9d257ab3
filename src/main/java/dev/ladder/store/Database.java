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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of a store's database: in SQLite (WAL), one connection that writes (writes serialize in SQLite
 * anyway; a lock hands it to one thread at a time) and one that reads, so reads never wait for a write in
 * progress; in PostgreSQL, a small pool that serves both. {@link #inTransaction} runs work atomically in either.
 * {@link #migrate} brings the store's tables to the version of this code (see {@link Migrations}).
 */
final class Database implements AutoCloseable {

    /** SQLite's result code for a database file locked by another connection. */
    private static final int SQLITE_BUSY = 5;
    /** The pause before opening a busy SQLite file again. */
    private static final long REOPEN_PAUSE_MILLIS = 20;

    enum Dialect { SQLITE, POSTGRES }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Connections per store and process: requests wait for one rather than open more. */
    private static final int POSTGRES_POOL = 8;

    private final Dialect dialect;
    private final String description;
    private final String jdbcUrl;
    private final Properties properties;
    private final Optional<Path> file;
    private final BlockingQueue<Connection> pool;
    private final Optional<Connection> reader;
    /** Every connection open now (pooled or lent out), for {@link #close}. */
    private final java.util.Set<Connection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ReentrantLock sqliteLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();

    private Database(Dialect dialect, String description, String jdbcUrl, Properties properties, Optional<Path> file,
            List<Connection> connections, Optional<Connection> reader) {
        this.dialect = dialect;
        this.description = description;
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.file = file;
        this.reader = reader;
        open.addAll(connections);
        reader.ifPresent(open::add);
        this.pool = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /** PostgreSQL at {@code url} ({@code jdbc:postgresql://...} or {@code postgresql://user:pw@host:port/db}). */
    static Database postgres(String url) {
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
            connections.forEach(Database::closeQuietly);
            throw new StoreException("cannot connect to PostgreSQL at " + redact(jdbc) + ": " + e.getMessage(), e);
        }
        return new Database(Dialect.POSTGRES, redact(jdbc), jdbc, props, Optional.empty(), connections,
                Optional.empty());
    }

    /**
     * SQLite in WAL mode at {@code file}, created when absent; statements wait up to {@code busyTimeoutMillis}
     * for another process's lock.
     */
    static Database sqlite(Path file, int busyTimeoutMillis) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create directory for " + file + ": " + e, e);
        }
        long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
        while (true) {
            Connection writer = null;
            try {
                writer = Sql.sqliteWal(file, busyTimeoutMillis);
                Connection reader = Sql.sqliteWal(file, busyTimeoutMillis);
                return new Database(Dialect.SQLITE, file.toString(), "jdbc:sqlite:" + file.toAbsolutePath(),
                        new Properties(), Optional.of(file), List.of(writer), Optional.of(reader));
            } catch (SQLException e) {
                if (writer != null) {
                    closeQuietly(writer);
                }
                // Switching a new file to WAL takes an exclusive lock, and SQLite can answer BUSY without waiting
                // out the busy timeout when another connection (another store, process or CLI) opens the file at
                // that moment (StoresOnBothDatabasesTest saw it within 61 ms): try again within the timeout.
                if (isBusy(e) && System.nanoTime() < deadline) {
                    pauseBeforeReopening(file, e);
                    continue;
                }
                throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean isBusy(SQLException e) {
        return e.getErrorCode() == SQLITE_BUSY || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    private static void pauseBeforeReopening(Path file, SQLException cause) {
        try {
            Thread.sleep(REOPEN_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException failure = new StoreException("interrupted while opening " + file, e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /**
     * Brings the tables of {@code store} to the newest version of {@code db/migration/<dialect>/<store>}
     * ({@link Migrations}); {@code legacyVersion} is the version of tables an older Ladder made without them.
     */
    void migrate(String store, Migrations.Legacy legacyVersion) {
        Migrations.migrate(this, store, legacyVersion);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Properties properties() {
        return properties;
    }

    /** The SQLite file; empty on PostgreSQL. */
    Optional<Path> file() {
        return file;
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    /**
     * {@code work} that only reads: on SQLite on the read connection (it never waits for a write in progress in this
     * process), on PostgreSQL on a pooled connection.
     */
    <T> T read(Work<T> work) {
        if (reader.isEmpty()) {
            return use(work, false);
        }
        readLock.lock();
        try {
            return work.run(reader.get());
        } catch (SQLException e) {
            throw new StoreException(description + ": " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
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
            return dialect == Dialect.SQLITE ? Sql.inTransaction(c, work) : postgresTransaction(c, work);
        } catch (SQLException e) {
            c = replaceIfBroken(c);
            throw new StoreException(description + ": " + e.getMessage(), e);
        } finally {
            give(c);
        }
    }

    /**
     * On PostgreSQL, a connection the server dropped (a restart, a failover, an idle timeout) is replaced by a new
     * one, so the pool heals as its connections are used; the call that found it broken still fails (it is not
     * retried: the server may have committed it).
     */
    private Connection replaceIfBroken(Connection c) {
        if (dialect != Dialect.POSTGRES || valid(c)) {
            return c;
        }
        try {
            Connection fresh = DriverManager.getConnection(jdbcUrl, properties);
            open.add(fresh);
            open.remove(c);
            closeQuietly(c);
            return fresh;
        } catch (SQLException e) {
            return c; // the server is still away: the next use tries again
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
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
            throw new StoreException("interrupted while waiting for a connection to " + description, e);
        }
    }

    private void give(Connection c) {
        pool.add(c);
        if (dialect == Dialect.SQLITE) {
            sqliteLock.unlock();
        }
    }

    /** Closes every connection, waiting for work in progress in this process to end. */
    @Override
    public void close() {
        sqliteLock.lock();
        readLock.lock();
        try {
            open.forEach(Database::closeQuietly);
        } finally {
            readLock.unlock();
            sqliteLock.unlock();
        }
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
