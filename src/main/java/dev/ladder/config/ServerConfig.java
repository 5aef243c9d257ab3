package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP edge and local storage.
 *
 * @param maxConnections open client connections at most; more wait in the OS accept queue until one closes
 * @param headerTimeout how long a request may take, from its request line, to send its headers
 * @param idleTimeout how long a connection may stay open without starting a request (a new connection that
 *     sends nothing, or a kept-alive one between requests)
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Path dataDir, int decisionLogQueue,
        int maxConnections, Duration headerTimeout, Duration idleTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_DECISION_LOG_QUEUE = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES,
            DEFAULT_DATA_DIR, DEFAULT_DECISION_LOG_QUEUE, DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT,
            DEFAULT_IDLE_TIMEOUT);

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(headerTimeout, "headerTimeout is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be > 0");
        }
        if (decisionLogQueue <= 0) {
            throw new IllegalArgumentException("decisionLogQueue must be > 0");
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0");
        }
        if (!headerTimeout.isPositive() || !idleTimeout.isPositive()) {
            throw new IllegalArgumentException("headerTimeout and idleTimeout must be > 0");
        }
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, dataDir, decisionLogQueue, maxConnections, headerTimeout,
                idleTimeout);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodyBytes, dataDir, decisionLogQueue, maxConnections, headerTimeout,
                idleTimeout);
    }

    public ServerConfig withDataDir(Path newDir) {
        return new ServerConfig(host, port, maxBodyBytes, newDir, decisionLogQueue, maxConnections, headerTimeout,
                idleTimeout);
    }

    /** The same server with other connection limits (tests use small ones). */
    public ServerConfig withConnectionLimits(int newMaxConnections, Duration newHeaderTimeout,
            Duration newIdleTimeout) {
        return new ServerConfig(host, port, maxBodyBytes, dataDir, decisionLogQueue, newMaxConnections,
                newHeaderTimeout, newIdleTimeout);
    }
}
