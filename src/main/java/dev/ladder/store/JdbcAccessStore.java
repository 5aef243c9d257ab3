package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Charge;
import dev.ladder.access.KeyStore;
import dev.ladder.access.LedgerJournal;
import dev.ladder.access.Limits;
import dev.ladder.access.Period;
import dev.ladder.access.SpendLine;
import dev.ladder.access.SpendReport;
import dev.ladder.access.Team;
import dev.ladder.access.VirtualKey;
import dev.ladder.model.Tier;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Virtual keys, teams and the spend ledger: in SQLite, {@code <dataDir>/access.db} (beside the decision log, in a
 * file of its own so that a ledger write never waits behind a batch of decision rows); or in PostgreSQL, shared by
 * every replica. Keys are stored by the SHA-256 of their secret, never the secret. Each ledger write is its own
 * committed transaction before the call returns (SQLite: WAL, synchronous NORMAL: it survives the process being
 * killed; an OS crash may lose the last ones). Nothing is cached in the process: a key revoked by one replica is
 * refused by every replica from its next request.
 */
public final class JdbcAccessStore implements KeyStore, LedgerJournal, SpendReport, AutoCloseable {

    public static final String FILE_NAME = "access.db";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Database db;

    private JdbcAccessStore(Database db) {
        this.db = db;
    }

    /** Opens (creating) the SQLite file {@code file}. */
    public static JdbcAccessStore open(Path file) {
        requireNonNull(file, "file is null");
        return open(Database.sqlite(file, BUSY_TIMEOUT_MILLIS));
    }

    /** The store in PostgreSQL at {@code url} when given, else in the SQLite file {@code file}. */
    public static JdbcAccessStore open(Optional<String> url, Path file) {
        return url.isPresent() ? open(Database.postgres(url.get())) : open(file);
    }

    private static JdbcAccessStore open(Database db) {
        try {
            // the tables were the same from the first release with keys until versioned migrations
            db.migrate("access", Migrations.Legacy.whenTable("ledger", 1));
            return new JdbcAccessStore(db);
        } catch (RuntimeException e) {
            db.close();
            throw new StoreException("cannot open the key store " + db.description() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SQLite file.
     *
     * @throws IllegalStateException when the store is in PostgreSQL
     */
    public Path file() {
        return db.file().orElseThrow(() -> new IllegalStateException("the key store is in " + db.description()));
    }

    /** Where the store lives (no password), for the log and errors. */
    public String description() {
        return db.description();
    }

    // ---- keys and teams ----

    @Override
    public void insert(VirtualKey key) {
        write("INSERT INTO keys (id, prefix, hash, name, team, user_name, tags, models, tiers, max_tier, budget_usd, "
                + "period, rpm, tpm, cap_percent, cap_tier, expires_at, revoked_at, created_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", p -> bindKey(p, key, 1));
    }

    @Override
    public boolean replace(VirtualKey key) {
        return write("UPDATE keys SET id = ?, prefix = ?, hash = ?, name = ?, team = ?, user_name = ?, tags = ?, models = ?, "
                + "tiers = ?, max_tier = ?, budget_usd = ?, period = ?, rpm = ?, tpm = ?, cap_percent = ?, "
                + "cap_tier = ?, expires_at = ?, revoked_at = ?, created_at = ? WHERE id = ?", p -> {
                    bindKey(p, key, 1);
                    p.setString(20, key.id());
                }) > 0;
    }

    @Override
    public Optional<VirtualKey> byId(String id) {
        return readKeys("SELECT * FROM keys WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<VirtualKey> byHash(String hash) {
        return readKeys("SELECT * FROM keys WHERE hash = ?", hash).stream().findFirst();
    }

    @Override
    public List<VirtualKey> list() {
        return readKeys("SELECT * FROM keys ORDER BY created_at, id", null);
    }

    @Override
    public void putTeam(Team team) {
        write("INSERT INTO teams (name, budget_usd, period, rpm, tpm, cap_percent, cap_tier) VALUES (?,?,?,?,?,?,?) "
                + "ON CONFLICT (name) DO UPDATE SET budget_usd = excluded.budget_usd, period = excluded.period, "
                + "rpm = excluded.rpm, tpm = excluded.tpm, cap_percent = excluded.cap_percent, "
                + "cap_tier = excluded.cap_tier", p -> {
                    p.setString(1, team.name());
                    bindLimits(p, team.limits(), 2);
                });
    }

    @Override
    public Optional<Team> team(String name) {
        return readTeams("SELECT * FROM teams WHERE name = ?", name).stream().findFirst();
    }

    @Override
    public List<Team> teams() {
        return readTeams("SELECT * FROM teams ORDER BY name", null);
    }

    // ---- the ledger ----

    @Override
    public void reserved(Charge charge, long moreMicros, Instant at) {
        write("INSERT INTO ledger (request_id, key_id, team, slots, reserved_micros, created_at) VALUES (?,?,?,?,?,?) "
                + "ON CONFLICT (request_id) DO UPDATE SET reserved_micros = ledger.reserved_micros + excluded.reserved_micros",
                p -> {
                    p.setString(1, charge.requestId());
                    p.setString(2, charge.keyId());
                    p.setString(3, charge.team().orElse(null));
                    p.setString(4, charge.accounts().stream().map(a -> a.slot()).collect(Collectors.joining(" ")));
                    p.setLong(5, moreMicros);
                    p.setLong(6, at.toEpochMilli());
                });
    }

    @Override
    public void settled(Charge charge, long actualMicros, SpendLine line, Instant at) {
        write("UPDATE ledger SET actual_micros = ?, model = ?, tier = ?, feature = ?, prompt_tokens = ?, "
                + "completion_tokens = ?, baseline_micros = ?, settled_at = ? WHERE request_id = ?", p -> {
                    p.setLong(1, actualMicros);
                    p.setString(2, line.model().orElse(null));
                    p.setString(3, line.tier().orElse(null));
                    p.setString(4, line.feature().orElse(null));
                    p.setLong(5, line.promptTokens());
                    p.setLong(6, line.completionTokens());
                    p.setLong(7, line.baselineMicros());
                    p.setLong(8, at.toEpochMilli());
                    p.setString(9, charge.requestId());
                });
    }

    @Override
    public Map<String, Long> usedBySlot() {
        return db.read(c -> {
            Map<String, Long> used = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT slots, COALESCE(actual_micros, reserved_micros) FROM ledger "
                            + "WHERE slots <> ''")) {
                while (rs.next()) {
                    long amount = rs.getLong(2);
                    for (String slot : rs.getString(1).split(" ")) {
                        used.merge(slot, amount, Long::sum);
                    }
                }
            }
            return used;
        });
    }

    /** Every request of the ledger: id and what it counts for (actual, or reserved while unsettled). */
    public Map<String, Long> ledgerAmounts() {
        return db.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT request_id, COALESCE(actual_micros, reserved_micros) FROM ledger")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public List<Row> spend(By by, Optional<Instant> since) {
        String group = switch (by) {
            case KEY -> "key_id";
            case TEAM -> "COALESCE(team, '(none)')";
            case MODEL -> "COALESCE(model, '(none)')";
            case TIER -> "COALESCE(tier, '(none)')";
            case FEATURE -> "COALESCE(feature, '(none)')";
            case DAY -> db.dialect() == Database.Dialect.POSTGRES
                    ? "to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
                    : "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')";
        };
        String sql = "SELECT " + group + " AS g, COUNT(*), COALESCE(SUM(prompt_tokens), 0), "
                + "COALESCE(SUM(completion_tokens), 0), SUM(COALESCE(actual_micros, reserved_micros)), "
                + "COALESCE(SUM(baseline_micros), 0), SUM(CASE WHEN settled_at IS NULL THEN 1 ELSE 0 END) "
                + "FROM ledger WHERE created_at >= ? GROUP BY g ORDER BY g";
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, since.map(Instant::toEpochMilli).orElse(0L));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5) / 1e6, rs.getLong(6) / 1e6, rs.getLong(7)));
                    }
                }
            }
            return rows;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- rows ----

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    /** Runs one statement in its own transaction; the number of rows it changed. */
    private int write(String sql, Binder binder) {
        return db.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                return p.executeUpdate();
            }
        });
    }

    private static void bindKey(PreparedStatement p, VirtualKey k, int from) throws SQLException {
        p.setString(from, k.id());
        p.setString(from + 1, k.prefix());
        p.setString(from + 2, k.hash());
        p.setString(from + 3, k.name());
        p.setString(from + 4, k.team().orElse(null));
        p.setString(from + 5, k.user().orElse(null));
        p.setString(from + 6, String.join(",", k.tags()));
        p.setString(from + 7, String.join(",", k.allowedModels().stream().sorted().toList()));
        p.setString(from + 8, k.allowedTiers().stream().sorted().map(Tier::wireName).collect(Collectors.joining(",")));
        p.setString(from + 9, k.maxTier().map(Tier::wireName).orElse(null));
        bindLimits(p, k.limits(), from + 10);
        setInstant(p, from + 16, k.expiresAt());
        setInstant(p, from + 17, k.revokedAt());
        p.setLong(from + 18, k.createdAt().toEpochMilli());
    }

    /** Six columns: budget_usd, period, rpm, tpm, cap_percent, cap_tier. */
    private static void bindLimits(PreparedStatement p, Limits l, int from) throws SQLException {
        if (l.budget().isPresent()) {
            p.setDouble(from, l.budget().get().usd());
            p.setString(from + 1, l.budget().get().period().wireName());
        } else {
            p.setNull(from, Types.DOUBLE);
            p.setNull(from + 1, Types.VARCHAR);
        }
        p.setInt(from + 2, l.rpm());
        p.setInt(from + 3, l.tpm());
        if (l.capWhenSpent().isPresent()) {
            p.setDouble(from + 4, l.capWhenSpent().get().percent());
            p.setString(from + 5, l.capWhenSpent().get().tier().wireName());
        } else {
            p.setNull(from + 4, Types.DOUBLE);
            p.setNull(from + 5, Types.VARCHAR);
        }
    }

    private static void setInstant(PreparedStatement p, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, v.get().toEpochMilli());
        } else {
            p.setNull(i, Types.BIGINT);
        }
    }

    private List<VirtualKey> readKeys(String sql, String arg) {
        return db.read(c -> {
            List<VirtualKey> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                if (arg != null) {
                    p.setString(1, arg);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VirtualKey(rs.getString("id"), rs.getString("prefix"), rs.getString("hash"),
                                rs.getString("name"), Optional.ofNullable(rs.getString("team")),
                                Optional.ofNullable(rs.getString("user_name")), split(rs.getString("tags")),
                                new LinkedHashSet<>(split(rs.getString("models"))), tiers(rs.getString("tiers")),
                                Optional.ofNullable(rs.getString("max_tier")).flatMap(Tier::parse), limits(rs),
                                instant(rs, "expires_at"), instant(rs, "revoked_at"),
                                Instant.ofEpochMilli(rs.getLong("created_at"))));
                    }
                }
            }
            return out;
        });
    }

    private List<Team> readTeams(String sql, String arg) {
        return db.read(c -> {
            List<Team> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                if (arg != null) {
                    p.setString(1, arg);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Team(rs.getString("name"), limits(rs)));
                    }
                }
            }
            return out;
        });
    }

    private static Limits limits(ResultSet rs) throws SQLException {
        double usd = rs.getDouble("budget_usd");
        Optional<Limits.Budget> budget = rs.wasNull() ? Optional.empty()
                : Optional.of(new Limits.Budget(usd, Period.parse(rs.getString("period")).orElse(Period.TOTAL)));
        double capPercent = rs.getDouble("cap_percent");
        Optional<Limits.TierCap> cap = rs.wasNull() ? Optional.empty()
                : Tier.parse(rs.getString("cap_tier")).map(t -> new Limits.TierCap(capPercent, t));
        return new Limits(budget, rs.getInt("rpm"), rs.getInt("tpm"), cap);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static Set<Tier> tiers(String s) {
        return split(s).stream().map(Tier::parse).flatMap(Optional::stream).collect(Collectors.toSet());
    }
}
