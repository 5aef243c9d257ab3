package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.jobs.JobsConfig;
import dev.ladder.webhooks.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs} and {@code webhooks}: the defaults docs/config.md lists, every key mapped, errors naming paths. */
class JobsSectionTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    @Test
    void defaults() {
        assertThat(JobsConfig.DEFAULTS).isEqualTo(new JobsConfig(Optional.empty(), 32, 0, Duration.ofMinutes(10), 3,
                Duration.ofMillis(250)));
        assertThat(WebhookConfig.DEFAULTS).isEqualTo(new WebhookConfig(Optional.empty(), Optional.empty(),
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)),
                Duration.ofSeconds(15), Duration.ofSeconds(1)));
        LadderConfig cfg = ConfigLoader.parse(MINIMAL, dir, Map.of());
        assertThat(cfg.jobs()).isEqualTo(JobsConfig.DEFAULTS);
        assertThat(cfg.webhooks()).isEqualTo(WebhookConfig.DEFAULTS);
    }

    @Test
    void everyKeyMapsToItsField() {
        LadderConfig cfg = ConfigLoader.parse(MINIMAL + """
                jobs:
                  database: ${PG}
                  concurrency: 8
                  per_key_concurrency: 4
                  lease: 2m
                  max_attempts: 5
                  poll_interval: 50ms
                webhooks:
                  url: https://hooks.example.com/ladder
                  secret: ${HOOK_SECRET}
                  retry_schedule: [1s, 1m]
                  timeout: 3s
                  poll_interval: 200ms
                """, dir, Map.of("PG", "jdbc:postgresql://db:5432/ladder?user=l", "HOOK_SECRET", SECRET));
        assertThat(cfg.jobs()).isEqualTo(new JobsConfig(Optional.of("jdbc:postgresql://db:5432/ladder?user=l"), 8, 4,
                Duration.ofMinutes(2), 5, Duration.ofMillis(50)));
        assertThat(cfg.webhooks()).isEqualTo(new WebhookConfig(Optional.of("https://hooks.example.com/ladder"),
                Optional.of(SECRET), List.of(Duration.ofSeconds(1), Duration.ofMinutes(1)), Duration.ofSeconds(3),
                Duration.ofMillis(200)));
    }

    @Test
    void mistakesNameTheirPath() {
        assertThat(errors(MINIMAL + """
                jobs: {database: "mysql://x", concurrency: 0, per_key_concurrency: -1, lease: 0s}
                webhooks: {url: "ftp://x", secret: "not-a-secret", retry_schedule: [1s, 0s]}
                """, dir)).containsExactlyInAnyOrder(
                "jobs.database: must be a PostgreSQL URL (jdbc:postgresql://... or "
                        + "postgresql://user:password@host:port/db); leave it out for SQLite",
                "jobs.concurrency: must be > 0",
                "jobs.per_key_concurrency: must be >= 0",
                "jobs.lease: must be > 0",
                "webhooks.url: must be an http:// or https:// URL",
                "webhooks.secret: must start with whsec_",
                "webhooks.retry_schedule[1]: must be > 0");
    }
}
