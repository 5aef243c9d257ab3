package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.cli.Gateway;
import dev.ladder.testing.PromText;
import dev.ladder.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/grafana/ladder.json asks only for series that /metrics exports after mixed traffic. */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("docs/grafana/ladder.json");
    static final Pattern SERIES = Pattern.compile("\\bladder_[a-z0-9_]+");

    @TempDir
    Path dataDir;

    @Test
    void everyExpressionOfTheGrafanaDashboardNamesOnlySeriesThatMetricsExports() throws Exception {
        JsonNode dashboard = Json.read(Files.readString(DASHBOARD));
        assertThat(dashboard.path("title").asText()).isEqualTo("Ladder");
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThan(10);

        Set<String> exported;
        try (Gateway gw = Gateway.start(MixedTraffic.config(dataDir, 0.3), InstantSource.system())) {
            MixedTraffic.send(gw, 60);
            assertThat(gw.decisionLog().flush(Duration.ofSeconds(20))).isTrue();
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            exported = PromText.parse(text).names();
        }
        Set<String> missing = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = SERIES.matcher(expr);
            while (m.find()) {
                if (!exported.contains(m.group())) {
                    missing.add(m.group());
                }
            }
        }
        assertThat(missing).as("series the Grafana dashboard names that /metrics does not export").isEmpty();
    }
}
