package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** The HTTP edge and local storage. */
public record ServerConfig(String host, int port, long maxBodyBytes, Path dataDir, int decisionLogQueue) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_DECISION_LOG_QUEUE = 10_000;

    public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES,
            DEFAULT_DATA_DIR, DEFAULT_DECISION_LOG_QUEUE);

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be > 0");
        }
        if (decisionLogQueue <= 0) {
            throw new IllegalArgumentException("decisionLogQueue must be > 0");
        }
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, dataDir, decisionLogQueue);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodyBytes, dataDir, decisionLogQueue);
    }

    public ServerConfig withDataDir(Path newDir) {
        return new ServerConfig(host, port, maxBodyBytes, newDir, decisionLogQueue);
    }
}
