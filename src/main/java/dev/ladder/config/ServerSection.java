package dev.ladder.config;

import static dev.ladder.config.ServerConfig.DEFAULTS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads {@code server}: the HTTP edge and local storage. Every key is optional. */
final class ServerSection {

    static final List<String> KEYS = List.of("host", "port", "max_body_bytes", "data_dir", "decision_log_queue",
            "max_connections", "header_timeout", "idle_timeout");

    private ServerSection() {
    }

    /** The server settings; {@code data_dir} (default {@code data}) is resolved against {@code baseDir}. */
    static ServerConfig read(YamlTree node, Path baseDir) {
        node.allowKeys(KEYS);
        YamlTree host = node.get("host");
        YamlTree port = node.get("port");
        YamlTree maxBody = node.get("max_body_bytes");
        YamlTree queue = node.get("decision_log_queue");
        YamlTree dataDir = node.get("data_dir");
        return new ServerConfig(
                host.check(host.string(), s -> !s.isBlank(), "must not be empty").orElse(DEFAULTS.host()),
                port.check(port.integer(), p -> p >= 0 && p <= 65535, "must be in 0..65535")
                        .orElse((long) DEFAULTS.port()).intValue(),
                maxBody.check(maxBody.parsed(Sizes::parse), b -> b > 0, "must be > 0").orElse(DEFAULTS.maxBodyBytes()),
                baseDir.resolve(dataDir.parsed(FilePaths::parse).orElse(DEFAULTS.dataDir())).normalize(),
                queue.positiveInt().orElse(DEFAULTS.decisionLogQueue()),
                node.get("max_connections").positiveInt().orElse(DEFAULTS.maxConnections()),
                timeout(node.get("header_timeout"), DEFAULTS.headerTimeout()),
                timeout(node.get("idle_timeout"), DEFAULTS.idleTimeout()));
    }

    private static Duration timeout(YamlTree node, Duration fallback) {
        return node.check(node.parsed(Durations::parse), Duration::isPositive, "must be > 0").orElse(fallback);
    }
}
