package dev.ladder.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * How the stores open SQLite, and explicit SQLite transactions on an auto-commit connection. The JDBC way (auto-commit off) makes the driver
 * open the next transaction right after each commit, so an idle connection would hold a snapshot (or, with
 * IMMEDIATE, the write lock) and keep the WAL from being checkpointed.
 */
final class Sql {


    private Sql() {
    }

    /**
     * A connection to the SQLite database at {@code file} as every Ladder store opens it: WAL journal (readers do
     * not block the writer), {@code synchronous=NORMAL} (durable across a process kill; the last writes may be
     * lost to an OS crash), and statements that wait up to {@code busyTimeoutMillis} for another process's lock.
     */
    static Connection sqliteWal(Path file, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Runs {@code work} on {@code c} in a {@code BEGIN IMMEDIATE} transaction: all of it is committed, or none. */
    static <T> T inTransaction(Connection c, Database.Work<T> work) throws SQLException {
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
}
