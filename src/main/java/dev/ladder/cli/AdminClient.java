package dev.ladder.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options and HTTP calls every admin subcommand shares: the gateway's URL and the master key. */
final class AdminClient {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:4000",
            description = "The gateway (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--master-key", paramLabel = "KEY", description = "The master key (default: $LADDER_MASTER_KEY, "
            + "then the file $LADDER_MASTER_KEY_FILE, then $LADDER_ADMIN_KEY).")
    String masterKey;

    /** Sends {@code method path body}; prints the JSON answer; exit 0 on 2xx, 1 otherwise. */
    int call(String method, String path, Optional<String> json) {
        String key = masterKey != null ? masterKey : KeysWiring.masterKey(System.getenv()).orElse("");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        if (!key.isEmpty()) {
            b.header("Authorization", "Bearer " + key);
        }
        b.method(method, json.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            (res.statusCode() / 100 == 2 ? spec.commandLine().getOut() : spec.commandLine().getErr())
                    .println(res.body());
            return res.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot reach " + url + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
