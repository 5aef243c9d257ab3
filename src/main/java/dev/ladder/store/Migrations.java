package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned schema migrations of the stores, run by Flyway from {@code db/migration/<dialect>/<store>/V<n>__*.sql}
 * (dialect {@code sqlite} or {@code postgresql}; store {@code decisions}, {@code access} or {@code jobs}). Each
 * store keeps its own history table, {@code ladder_<store>_schema_history}, so that the stores may share one
 * PostgreSQL database or live in SQLite files of their own. A released migration is never edited: a change is a
 * new version, in both dialects, with the same number.
 *
 * <p>Tables made by a Ladder from before Flyway (no history table yet) are taken over without being touched: the
 * store's history starts with a baseline at the version those tables had ({@link Legacy}), and only the newer
 * migrations run. A database whose history names a version newer than this code knows is refused.
 *
 * <p>On SQLite, Flyway's own connections are serialized across processes by a lock on
 * {@code <file>.migrate.lock} (two processes opening a new file at once would otherwise both create the history
 * table); on PostgreSQL Flyway takes an advisory lock itself.
 */
final class Migrations {

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());
    /**
     * Flyway says a dozen lines at INFO each time a store opens; its warnings and errors still show, and
     * {@link #run} says in one line when a migration ran. Held here: java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger FLYWAY_LOG = quiet(java.util.logging.Logger.getLogger("org.flywaydb"));

    /** The schema version of a store's tables made before Flyway, read from the database; 0 when there are none. */
    @FunctionalInterface
    interface Legacy {
        int version(Connection c) throws SQLException;

        /** Version {@code version} when table {@code table} exists, else 0 (a new database). */
        static Legacy whenTable(String table, int version) {
            return c -> tableExists(c, table) ? version : 0;
        }
    }

    private static final java.util.concurrent.locks.ReentrantLock IN_THIS_PROCESS =
            new java.util.concurrent.locks.ReentrantLock();

    private Migrations() {
    }

    static void migrate(Database db, String store, Legacy legacy) {
        requireNonNull(FLYWAY_LOG);
        Optional<Path> file = db.file();
        if (file.isEmpty()) {
            run(db, store, legacy);
            return;
        }
        Path lock = file.get().resolveSibling(file.get().getFileName() + ".migrate.lock");
        // a file lock is held per process: threads of this one take turns first
        IN_THIS_PROCESS.lock();
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            run(db, store, legacy);
        } catch (IOException e) {
            throw new StoreException("cannot lock " + lock + " to migrate " + file.get() + ": " + e, e);
        } finally {
            IN_THIS_PROCESS.unlock();
        }
    }

    private static void run(Database db, String store, Legacy legacy) {
        String dialect = db.dialect() == Database.Dialect.POSTGRES ? "postgresql" : "sqlite";
        int baseline = db.withConnection(c -> tableExists(c, historyTable(store)) ? 0 : legacy.version(c));
        Map<String, String> props = new HashMap<>();
        db.properties().forEach((k, v) -> props.put(k.toString(), v.toString()));
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(db.jdbcUrl(), props.remove("user"), props.remove("password"))
                .jdbcProperties(props)
                .locations("classpath:db/migration/" + dialect + "/" + store)
                .table(historyTable(store))
                // tables of another store may share the database: this store's history starts at the version of
                // its own tables (0: none yet, every migration runs)
                .baselineOnMigrate(true)
                .baselineVersion(Integer.toString(baseline))
                .baselineDescription("tables made before versioned migrations")
                // nothing is ignored when the history is validated: a version this code does not know (a newer
                // Ladder's) fails the migration, and refuseNewer says so
                .ignoreMigrationPatterns(new String[0])
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.log(Level.INFO, store + " tables in " + db.description() + ": schema now at version "
                        + result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            refuseNewer(flyway.info(), db, store);
            throw new StoreException("cannot migrate the " + store + " tables in " + db.description() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void refuseNewer(MigrationInfoService info, Database db, String store) {
        MigrationInfo[] all = info.all();
        MigrationInfo current = info.current();
        if (current == null || current.getVersion() == null) {
            return;
        }
        String known = "0";
        for (MigrationInfo m : all) {
            if (m.getVersion() != null && m.getState().isResolved()) {
                known = m.getVersion().getVersion();
            }
        }
        if (current.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                || current.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED) {
            throw new StoreException(db.description() + " has " + store + " schema version "
                    + current.getVersion().getVersion() + "; this Ladder knows up to version " + known
                    + ". Use a newer Ladder.");
        }
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    static String historyTable(String store) {
        return "ladder_" + store + "_schema_history";
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
