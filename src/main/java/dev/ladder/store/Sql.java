package dev.ladder.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Explicit SQLite transactions on an auto-commit connection. The JDBC way (auto-commit off) makes the driver
 * open the next transaction right after each commit, so an idle connection would hold a snapshot (or, with
 * IMMEDIATE, the write lock) and keep the WAL from being checkpointed.
 */
final class Sql {

    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    private Sql() {
    }

    /** Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: all of it is committed, or none. */
    static void inTransaction(Connection c, Work work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                s.execute("COMMIT");
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
