package dev.ladder.config;

import dev.ladder.jobs.JobsConfig;
import dev.ladder.webhooks.Signer;
import dev.ladder.webhooks.WebhookConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code jobs} (the durable queue) and {@code webhooks} (signed event delivery). Every key is optional. */
final class JobsSection {

    static final List<String> JOBS_KEYS = List.of("database", "concurrency", "per_key_concurrency", "lease",
            "max_attempts", "poll_interval");
    static final List<String> WEBHOOK_KEYS = List.of("url", "secret", "retry_schedule", "timeout", "poll_interval");

    private JobsSection() {
    }

    /** {@code jobs}; without a {@code database} of its own, the queue is in {@code sharedDatabase} (state). */
    static JobsConfig jobs(YamlTree node, Optional<String> sharedDatabase) {
        node.allowKeys(JOBS_KEYS);
        JobsConfig d = JobsConfig.DEFAULTS;
        Optional<String> url = StateSection.postgresUrl(node.get("database"), "leave it out for SQLite")
                .or(() -> sharedDatabase);
        YamlTree perKey = node.get("per_key_concurrency");
        return new JobsConfig(url, node.get("concurrency").positiveInt().orElse(d.concurrency()),
                perKey.check(perKey.integer(), n -> n >= 0 && n <= Integer.MAX_VALUE, "must be >= 0")
                        .map(Long::intValue).orElse(d.perKeyConcurrency()),
                positive(node.get("lease"), d.lease()), node.get("max_attempts").positiveInt().orElse(d.maxAttempts()),
                positive(node.get("poll_interval"), d.pollInterval()));
    }

    static WebhookConfig webhooks(YamlTree node) {
        node.allowKeys(WEBHOOK_KEYS);
        WebhookConfig d = WebhookConfig.DEFAULTS;
        YamlTree url = node.get("url");
        Optional<String> target = url.check(url.string(), s -> s.startsWith("http://") || s.startsWith("https://"),
                "must be an http:// or https:// URL");
        YamlTree secretNode = node.get("secret").secret();
        Optional<String> secret = secretNode.string().flatMap(s -> secretNode.build(() -> {
            new Signer(s);
            return s;
        }));
        List<Duration> schedule = node.get("retry_schedule").list().map(items -> {
            List<Duration> out = new ArrayList<>();
            for (YamlTree i : items) {
                i.check(i.parsed(Durations::parse), Duration::isPositive, "must be > 0").ifPresent(out::add);
            }
            return out;
        }).orElse(d.retrySchedule());
        return new WebhookConfig(target, secret, schedule, positive(node.get("timeout"), d.timeout()),
                positive(node.get("poll_interval"), d.pollInterval()));
    }

    private static Duration positive(YamlTree node, Duration fallback) {
        return node.check(node.parsed(Durations::parse), Duration::isPositive, "must be > 0").orElse(fallback);
    }
}
