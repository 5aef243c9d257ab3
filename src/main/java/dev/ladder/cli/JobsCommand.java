package dev.ladder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder jobs}: a JSONL file of chat completion requests to a running gateway's Batch API, with progress
 * (a bar on a terminal, a line per change otherwise) and the results written to a file.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Batches through a running gateway: submit a JSONL file, watch progress, fetch results.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.Watch.class, JobsCommand.Results.class})
final class JobsCommand {

    static final class Common {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:4000", description = "Gateway (default ${DEFAULT-VALUE}).")
        String url;

        HttpClient http() {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }

        JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
            HttpResponse<String> res = http().send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.read(res.body());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + res.statusCode() + ": "
                        + body.path("error").path("message").asText(res.body()));
            }
            return body;
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Uploads FILE (one /v1/chat/completions request a line, each with a custom_id) and creates a batch.")
    static final class Submit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--window", defaultValue = "24h", description = "completion_window (default ${DEFAULT-VALUE}).")
        String window;
        @Option(names = "--watch", description = "Then watch it until it finishes.") boolean watch;
        @Option(names = "--out", paramLabel = "FILE", description = "With --watch: write the output lines here.")
        Optional<Path> out;
        @picocli.CommandLine.Mixin Common common;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String boundary = "ladder" + UUID.randomUUID().toString().replace("-", "");
            byte[] content = Files.readAllBytes(file);
            byte[] body = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                    + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8), content,
                    ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            JsonNode uploaded = common.send(HttpRequest.newBuilder(URI.create(common.url + "/v1/files"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            JsonNode batch = common.send(HttpRequest.newBuilder(URI.create(common.url + "/v1/batches"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input_file_id\":\"" + uploaded.path("id").asText()
                            + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"" + window + "\"}")));
            PrintWriter o = spec.commandLine().getOut();
            o.println(batch.path("id").asText());
            o.flush();
            return watch ? Watch.watch(common, batch.path("id").asText(), out, o) : 0;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Shows a batch's progress until it finishes.")
    static final class Watch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BATCH_ID") String id;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the output lines here when it finishes.")
        Optional<Path> out;
        @picocli.CommandLine.Mixin Common common;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return watch(common, id, out, spec.commandLine().getOut());
        }

        static int watch(Common common, String id, Optional<Path> out, PrintWriter o) throws Exception {
            boolean terminal = System.console() != null;
            String last = "";
            while (true) {
                JsonNode b = common.get("/v1/batches/" + id);
                JsonNode c = b.path("request_counts");
                String line = bar(c.path("completed").asInt() + c.path("failed").asInt(), c.path("total").asInt())
                        + " " + b.path("status").asText() + " (" + c.path("completed").asInt() + " ok, "
                        + c.path("failed").asInt() + " failed)";
                if (terminal) {
                    o.print("\r" + line);
                } else if (!line.equals(last)) {
                    o.println(line);
                }
                o.flush();
                last = line;
                String status = b.path("status").asText();
                if (status.equals("completed") || status.equals("failed") || status.equals("expired")
                        || status.equals("cancelled")) {
                    if (terminal) {
                        o.println();
                    }
                    o.println("cost_usd " + b.path("metadata").path("ladder_cost_usd").asText("?") + ", tiers "
                            + b.path("metadata").path("ladder_tier_mix").asText("?"));
                    if (out.isPresent() && b.hasNonNull("output_file_id")) {
                        Results.fetch(common, b.path("output_file_id").asText(), out.get());
                        o.println("results: " + out.get());
                    }
                    o.flush();
                    return status.equals("completed") ? 0 : 1;
                }
                Thread.sleep(500);
            }
        }

        static String bar(int done, int total) {
            int width = 30;
            int filled = total == 0 ? 0 : (int) ((long) done * width / total);
            return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total;
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true,
            description = "Writes a finished batch's output (and error) lines to a file, or to stdout.")
    static final class Results implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BATCH_ID") String id;
        @Option(names = "--out", paramLabel = "FILE") Optional<Path> out;
        @Option(names = "--errors", description = "The error file instead of the output file.") boolean errors;
        @picocli.CommandLine.Mixin Common common;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode b = common.get("/v1/batches/" + id);
            String field = errors ? "error_file_id" : "output_file_id";
            if (!b.hasNonNull(field)) {
                spec.commandLine().getErr().println("batch " + id + " is " + b.path("status").asText() + " and has no "
                        + field);
                return 1;
            }
            if (out.isPresent()) {
                fetch(common, b.path(field).asText(), out.get());
            } else {
                spec.commandLine().getOut().print(content(common, b.path(field).asText()));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        static String content(Common common, String fileId) throws IOException, InterruptedException {
            return common.http().send(HttpRequest.newBuilder(URI.create(common.url + "/v1/files/" + fileId + "/content"))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        static void fetch(Common common, String fileId, Path to) throws IOException, InterruptedException {
            Files.writeString(to, content(common, fileId));
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
