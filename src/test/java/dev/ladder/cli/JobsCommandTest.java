package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.wire.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ladder jobs submit --watch --out}: a JSONL file in, a progress line per change, every result out. */
class JobsCommandTest {

    @TempDir
    Path dir;

    @Test
    void submitWatchesTheBatchToTheEndAndWritesEveryResult() throws Exception {
        LadderConfig demo = ConfigLoader.loadDemo(dir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dir))
                .withJobs(demo.jobs().withConcurrency(64).withPollInterval(Duration.ofMillis(20)));
        Path in = dir.resolve("in.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append("{\"custom_id\":\"q").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                    + "\"body\":{\"model\":\"ladder/auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi ")
                    .append(i).append("\"}]}}\n");
        }
        Files.writeString(in, lines);
        Path out = dir.resolve("out.jsonl");
        try (Gateway gw = Gateway.start(cfg, InstantSource.system())) {
            StringWriter printed = new StringWriter();
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(printed));
            int exit = cli.execute("jobs", "submit", in.toString(), "--url", gw.baseUrl(), "--watch", "--out",
                    out.toString());

            assertThat(exit).as(printed.toString()).isZero();
            assertThat(printed.toString()).startsWith("batch_").contains("20/20 completed").contains("cost_usd ");
            List<String> results = Files.readAllLines(out);
            assertThat(results).hasSize(20);
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (String l : results) {
                ids.add(Json.read(l).path("custom_id").asText());
            }
            assertThat(ids).hasSize(20);
        }
    }
}
