package dev.ladder.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for tests. CI ({@code .ci/run}) starts a cluster from the Debian package and passes its URL
 * in {@code LADDER_POSTGRES_URL} (or the system property {@code ladder.postgres.url}); without it, the
 * {@code initdb} and {@code postgres} of {@code /usr/lib/postgresql/<version>/bin} make a throw-away cluster in a
 * temporary directory on a free loopback port (trust authentication, no fsync), run as the user {@code postgres}
 * when the tests run as root (initdb refuses root), and stopped when the JVM exits. Only when neither is there
 * does {@link #url()} come back empty, and the PostgreSQL tests are skipped.
 */
public final class LocalPostgres {

    private static final Optional<String> URL = find();

    private LocalPostgres() {
    }

    /** A JDBC URL of a running server ({@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}). */
    public static Optional<String> url() {
        return URL;
    }

    /**
     * A new, empty database on the server at {@code serverUrl} (a JDBC URL), so that tests sharing the server do not
     * share tables; its JDBC URL.
     */
    public static String freshDatabase(String serverUrl) throws java.sql.SQLException {
        String name = "ladder_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(serverUrl);
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        int q = serverUrl.indexOf('?');
        String base = q < 0 ? serverUrl : serverUrl.substring(0, q);
        String query = q < 0 ? "" : serverUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + query;
    }

    private static Optional<String> find() {
        String given = System.getProperty("ladder.postgres.url", System.getenv("LADDER_POSTGRES_URL"));
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        return binDir().flatMap(LocalPostgres::start);
    }

    private static Optional<Path> binDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgresUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private static Optional<String> start(Path bin) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("ladder-pg");
            Path data = dir.resolve("data");
            if (isRoot()) {
                new ProcessBuilder("chown", "postgres", dir.toString()).inheritIO().start().waitFor();
            }
            Process init = new ProcessBuilder(asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D",
                    data.toString(), "-U", "postgres", "-A", "trust", "--no-sync")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("initdb.log").toFile()).start();
            if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
                throw new IllegalStateException("initdb failed; see " + dir.resolve("initdb.log"));
            }
            Process p = new ProcessBuilder(asPostgresUser(List.of(bin.resolve("postgres").toString(), "-D",
                    data.toString(), "-p", Integer.toString(port), "-k", dir.toString(), "-c",
                    "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=100")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                p.destroy();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    Thread.sleep(200);
                    return Optional.of("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("postgres did not start; see " + dir.resolve("postgres.log"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start postgres from " + bin + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
