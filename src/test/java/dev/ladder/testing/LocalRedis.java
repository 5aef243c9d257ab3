package dev.ladder.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server for tests. CI ({@code .ci/run}) starts one and passes its URL in {@code LADDER_REDIS_URL}
 * (or the system property {@code ladder.redis.url}); without it, a {@code redis-server} found on the PATH is
 * started here on a free loopback port, without persistence, and stopped when the JVM exits. Only when neither
 * is there does {@link #url()} come back empty, and the Redis tests are skipped.
 */
public final class LocalRedis {

    private static final Optional<String> URL = find();

    private LocalRedis() {
    }

    /** The URL of a running Redis server, or empty when none could be had. */
    public static Optional<String> url() {
        return URL;
    }

    private static Optional<String> find() {
        String given = System.getProperty("ladder.redis.url", System.getenv("LADDER_REDIS_URL"));
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        Optional<Path> binary = onPath("redis-server");
        return binary.flatMap(LocalRedis::start);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> start(Path binary) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("ladder-redis");
            Process p = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                p.destroy();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket ignored = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return Optional.of("redis://127.0.0.1:" + port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server at " + binary + " did not start; see " + dir.resolve("redis.log"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server at " + binary + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
