package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.wire.Json;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: {@code ladder keys} and {@code ladder spend} drive a running gateway's admin API. */
class KeysCommandTest {

    static final String MASTER = "master-cli-test-5b7d";

    @TempDir
    Path dir;

    @Test
    void keysAreCreatedListedUpdatedAndRevokedFromTheCommandLine() throws Exception {
        LadderConfig cfg = ConfigLoader.loadDemo(dir);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dir));
        try (Gateway gw = Gateway.start(cfg, InstantSource.system(), Optional.of(MASTER))) {
            String[] admin = {"--url", gw.baseUrl(), "--master-key", MASTER};
            CliRun created = CliRun.of(concat(new String[] {"keys", "create", "--name", "ci", "--team", "ml",
                    "--budget", "2.5", "--period", "daily", "--rpm", "30", "--cap-at", "80:simple"}, admin));
            assertThat(created.exit()).as(created.err()).isZero();
            JsonNode key = Json.read(created.out());
            assertThat(key.path("key").asText()).startsWith("sk-ladder-");
            assertThat(key.path("budget_usd").asDouble()).isEqualTo(2.5);
            assertThat(key.path("budget_period").asText()).isEqualTo("daily");
            assertThat(key.path("cap").path("tier").asText()).isEqualTo("simple");
            String id = key.path("id").asText();

            CliRun list = CliRun.of(concat(new String[] {"keys", "list"}, admin));
            assertThat(list.out()).contains(id).doesNotContain(key.path("key").asText());

            CliRun updated = CliRun.of(concat(new String[] {"keys", "update", id, "--rpm", "60"}, admin));
            assertThat(Json.read(updated.out()).path("rpm").asInt()).isEqualTo(60);
            assertThat(Json.read(updated.out()).path("team").asText()).isEqualTo("ml");

            CliRun revoked = CliRun.of(concat(new String[] {"keys", "revoke", id}, admin));
            assertThat(Json.read(revoked.out()).path("revoked_at").isTextual()).isTrue();

            CliRun spend = CliRun.of(concat(new String[] {"spend", "--by", "team"}, admin));
            assertThat(spend.exit()).isZero();
            assertThat(Json.read(spend.out()).path("by").asText()).isEqualTo("team");

            CliRun refused = CliRun.of("keys", "list", "--url", gw.baseUrl(), "--master-key", "wrong");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("master_key_required");
            CliRun badField = CliRun.of(concat(new String[] {"keys", "create", "--period", "weekly",
                    "--budget", "1"}, admin));
            assertThat(badField.exit()).isEqualTo(1);
            assertThat(badField.err()).contains("budget_period");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
