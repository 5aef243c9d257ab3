package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.cache.CacheConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state}: one PostgreSQL and one Redis named once serve the decision log, keys, jobs, the exact cache and
 * budgets; the older per-feature keys win where given; mistakes name their path; the URLs never show in errors.
 */
class StateSectionTest {

    static final String PG = "postgresql://ladder:s3cret@db:5432/ladder";
    static final String REDIS = "redis://:s3cret@cache:6379/0";

    @TempDir
    Path dir;

    @Test
    void without_state_everything_stays_on_this_machine() {
        LadderConfig cfg = ConfigLoader.parse(MINIMAL, dir, Map.of());
        assertThat(cfg.state()).isEqualTo(StateConfig.LOCAL);
        assertThat(cfg.jobs().database()).isEmpty();
        assertThat(cfg.cache().redis().url()).isEmpty();
        assertThat(cfg.cache().exact().backend()).isEqualTo(CacheConfig.Backend.MEMORY);
    }

    @Test
    void state_names_the_database_and_redis_once_for_every_feature() {
        LadderConfig cfg = ConfigLoader.parse(MINIMAL + """
                state:
                  database: ${DATABASE_URL}
                  redis: ${REDIS_URL}
                cache:
                  exact: {enabled: true}
                """, dir, Map.of("DATABASE_URL", PG, "REDIS_URL", REDIS));
        assertThat(cfg.state()).isEqualTo(new StateConfig(Optional.of(PG), Optional.of(REDIS)));
        assertThat(cfg.jobs().database()).contains(PG);
        assertThat(cfg.cache().redis().url()).contains(REDIS);
        assertThat(cfg.cache().exact().backend()).isEqualTo(CacheConfig.Backend.REDIS);
        assertThat(cfg.state().toString()).doesNotContain("s3cret");
    }

    @Test
    void the_older_keys_still_name_their_own_servers() {
        LadderConfig cfg = ConfigLoader.parse(MINIMAL + """
                state:
                  database: %s
                  redis: %s
                jobs:
                  database: jdbc:postgresql://queue:5432/jobs?user=q
                cache:
                  exact: {enabled: true, backend: memory}
                  redis: {url: "redis://other:6379"}
                """.formatted(PG, REDIS), dir, Map.of());
        assertThat(cfg.jobs().database()).contains("jdbc:postgresql://queue:5432/jobs?user=q");
        assertThat(cfg.cache().redis().url()).contains("redis://other:6379");
        assertThat(cfg.cache().exact().backend()).isEqualTo(CacheConfig.Backend.MEMORY);
        assertThat(cfg.state().database()).contains(PG);
    }

    @Test
    void mistakes_name_their_path_without_showing_the_value() {
        assertThat(errors(MINIMAL + """
                state: {database: "mysql://root:hunter2@x/db", redis: "http://cache", replicas: 2}
                """, dir)).containsExactlyInAnyOrder(
                "state.database: must be a PostgreSQL URL (jdbc:postgresql://... or "
                        + "postgresql://user:password@host:port/db); leave it out to keep the decision log, keys and "
                        + "jobs in SQLite under server.data_dir",
                "state.redis: must be a redis:// or rediss:// URL",
                "state.replicas: unknown key; expected one of database, redis");
    }
}
