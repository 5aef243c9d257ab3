package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ladder.cli.Chaos;
import dev.ladder.cli.Gateway;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.simulated.Fault;
import dev.ladder.providers.simulated.SimulatedProvider;
import dev.ladder.providers.simulated.SimulatedStats;
import dev.ladder.store.JdbcDecisionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run: {@code ladder demo --chaos 0.3} in process, 500 requests (a third streaming) from the official
 * OpenAI Java SDK with its own retries off. Every non-streaming request succeeds, and so does every stream
 * whose fault struck before its first content byte (failover hides it); a stream cut after content ends with
 * an explicit error event ({@link SseException}), never a clean end. The decision log shows the failed
 * attempts behind the successful answers. Prints the counts and writes them to
 * {@code target/chaos-report.md}; docs/resilience.md quotes a run.
 *
 * <pre>./mvnw -B -q test -Dtest=ChaosRunTest</pre>
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES) // 500 requests with 60 s client timeouts and a 20 s log flush
class ChaosRunTest {

    static final double RATE = 0.3;
    static final int REQUESTS = 500;
    static final int CONCURRENCY = 64;
    static final String MEDIUM_PROMPT = """
            Summarize the following paragraph in two sentences:

            Coral reefs cover less than one percent of the ocean floor, yet they support roughly a quarter of \
            all marine species. Rising sea temperatures cause corals to expel the algae living in their \
            tissues, a process known as bleaching, which leaves them white and vulnerable. While corals can \
            recover if temperatures return to normal quickly, repeated bleaching events in recent decades have \
            given many reefs too little time to heal, and scientists warn that large parts of the Great Barrier \
            Reef could be lost within a generation.""";
    static final List<String> PROMPTS = List.of(Prompts.SHORT_FACTUAL, "Who wrote Pride and Prejudice?",
            MEDIUM_PROMPT, "Convert 5 km to miles", Prompts.ARCHITECTURE);

    @TempDir
    Path dataDir;

    enum Result { OK, STREAM_OK, STREAM_ERROR_AFTER_CONTENT, STREAM_ERROR_BEFORE_CONTENT, STREAM_TRUNCATED, WRONG_TEXT,
        FAILED }

    record Sent(Result result, String requestId, String detail) {
    }

    @Test
    void underChaosEveryRequestAnswersOrAStreamCutAfterContentSaysSo() throws Exception {
        LadderConfig cfg = Chaos.apply(ConfigLoader.loadDemo(dataDir), RATE);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        Map<String, String> answers = answers(cfg);
        Map<Result, Integer> counts = new EnumMap<>(Result.class);
        Map<String, Integer> tiers = new ConcurrentHashMap<>();
        List<Sent> problems = new ArrayList<>();
        long started = System.nanoTime();
        String metrics;
        Map<String, Long> injected;
        try (Gateway gw = Gateway.start(cfg, InstantSource.system());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-chaos")
                    .maxRetries(0).timeout(Duration.ofSeconds(60)).build();
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            List<Future<Sent>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String prompt = PROMPTS.get(i % PROMPTS.size());
                boolean stream = i % 3 == 0;
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return stream ? stream(client, prompt, answers, tiers) : complete(client, prompt, answers, tiers);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<Sent> f : futures) {
                Sent s = f.get();
                counts.merge(s.result(), 1, Integer::sum);
                if (s.result() != Result.OK && s.result() != Result.STREAM_OK
                        && s.result() != Result.STREAM_ERROR_AFTER_CONTENT) {
                    problems.add(s);
                }
            }
            client.close();
            metrics = gw.metrics().scrape(gw.health().snapshot());
            injected = injectedFaults(gw);
            assertThat(gw.decisionLog().flush(Duration.ofSeconds(20))).isTrue();
            awaitNothingInFlight(gw);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        DecisionStats log = decisionStats();
        String report = report(counts, tiers, injected, metrics, log, took);
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/chaos-report.md"), report);

        assertThat(problems).as("requests that neither answered nor failed explicitly after content").isEmpty();
        assertThat(counts.getOrDefault(Result.OK, 0) + counts.getOrDefault(Result.STREAM_OK, 0)
                + counts.getOrDefault(Result.STREAM_ERROR_AFTER_CONTENT, 0)).isEqualTo(REQUESTS);
        assertThat(counts.getOrDefault(Result.OK, 0)).as("every non-streaming request succeeds")
                .isEqualTo(REQUESTS - (REQUESTS + 2) / 3);
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).as("faults were injected")
                .isGreaterThan(50);
        assertThat(log.answeredAfterFailedAttempts()).as("answers the decision log shows failed attempts behind")
                .isGreaterThan(20);
        assertThat(log.failedAttemptsByKind()).containsKeys("upstream_error", "rate_limited", "upstream_unreachable");
    }

    static Sent complete(OpenAIClient client, String prompt, Map<String, String> answers, Map<String, Integer> tiers) {
        try {
            HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(params(prompt));
            String id = header(raw.headers().values("x-ladder-request-id"));
            String model = header(raw.headers().values("x-ladder-model"));
            tiers.merge(header(raw.headers().values("x-ladder-tier")), 1, Integer::sum);
            String text = raw.parse().choices().getFirst().message().content().orElse("");
            return text.equals(answers.get(model)) ? new Sent(Result.OK, id, model)
                    : new Sent(Result.WRONG_TEXT, id, model + ": " + text);
        } catch (RuntimeException e) {
            return new Sent(Result.FAILED, "", e.toString());
        }
    }

    static Sent stream(OpenAIClient client, String prompt, Map<String, String> answers, Map<String, Integer> tiers) {
        StringBuilder text = new StringBuilder();
        AtomicInteger finishes = new AtomicInteger();
        String id = "";
        String model = "";
        try {
            HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client.chat().completions().withRawResponse()
                    .createStreaming(params(prompt));
            id = header(raw.headers().values("x-ladder-request-id"));
            model = header(raw.headers().values("x-ladder-model"));
            tiers.merge(header(raw.headers().values("x-ladder-tier")), 1, Integer::sum);
            try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
                s.stream().forEach(c -> c.choices().forEach(ch -> {
                    ch.delta().content().ifPresent(text::append);
                    ch.finishReason().ifPresent(f -> finishes.incrementAndGet());
                }));
            }
        } catch (SseException e) {
            // an explicit error event: acceptable only after content reached the client
            return new Sent(text.isEmpty() ? Result.STREAM_ERROR_BEFORE_CONTENT : Result.STREAM_ERROR_AFTER_CONTENT,
                    id, model + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Sent(Result.FAILED, id, e.toString());
        }
        if (finishes.get() == 0) {
            return new Sent(Result.STREAM_TRUNCATED, id, model + ": " + text);
        }
        return text.toString().equals(answers.get(model)) ? new Sent(Result.STREAM_OK, id, model)
                : new Sent(Result.WRONG_TEXT, id, model + ": " + text);
    }

    static ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder().model("ladder/auto").addUserMessage(prompt).build();
    }

    static String header(List<String> values) {
        return values.isEmpty() ? "" : values.getFirst();
    }

    /** Each model's canned answer, by model name. */
    static Map<String, String> answers(LadderConfig cfg) {
        Map<String, String> out = new TreeMap<>();
        for (ModelSpec m : cfg.models().values()) {
            ProviderConfig p = cfg.providers().get(m.provider());
            out.put(m.name(), p.simulated().get(m.upstreamModel()).answer().text());
        }
        return out;
    }

    /** Faults the simulated providers injected, by kind, over both providers. */
    static Map<String, Long> injectedFaults(Gateway gw) {
        Map<String, Long> out = new TreeMap<>();
        for (String name : List.of("sim", "sim-b")) {
            SimulatedStats stats = ((SimulatedProvider) gw.provider(name).orElseThrow()).stats();
            stats.snapshot().values().forEach(s -> {
                for (Fault f : Fault.values()) {
                    out.merge(f.wireName(), s.failed(f), Long::sum);
                }
            });
        }
        return out;
    }

    static void awaitNothingInFlight(Gateway gw) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long inFlight;
        do {
            inFlight = 0;
            for (String name : List.of("sim", "sim-b")) {
                inFlight += ((SimulatedProvider) gw.provider(name).orElseThrow()).stats().snapshot().values().stream()
                        .mapToLong(SimulatedStats.ModelStats::inFlight).sum();
            }
            if (inFlight > 0) {
                Thread.sleep(20);
            }
        } while (inFlight > 0 && System.nanoTime() < deadline);
        assertThat(inFlight).as("simulated calls in flight after the run").isZero();
    }

    record DecisionStats(int rows, int answeredAfterFailedAttempts, Map<String, Integer> failedAttemptsByKind,
            int escalated) {
    }

    DecisionStats decisionStats() {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            List<DecisionRow> rows = store.recent(REQUESTS * 2);
            Map<String, Integer> kinds = new TreeMap<>();
            int hidden = 0;
            int escalated = 0;
            for (DecisionRow r : rows) {
                boolean anyFailed = false;
                for (DecisionRow.AttemptRow a : r.attempts()) {
                    if (!a.succeeded()) {
                        anyFailed = true;
                        kinds.merge(a.errorKind().orElseThrow(), 1, Integer::sum);
                    }
                }
                hidden += anyFailed && r.status() == 200 && r.errorType().isEmpty() ? 1 : 0;
                escalated += r.escalations() > 0 ? 1 : 0;
            }
            return new DecisionStats(rows.size(), hidden, kinds, escalated);
        }
    }

    static String report(Map<Result, Integer> counts, Map<String, Integer> tiers, Map<String, Long> injected,
            String metrics, DecisionStats log, Duration took) {
        int streams = (REQUESTS + 2) / 3;
        StringBuilder sb = new StringBuilder();
        sb.append("## Chaos run: demo --chaos ").append(RATE).append(", ").append(REQUESTS).append(" requests (")
                .append(streams).append(" streaming), OpenAI Java SDK, maxRetries(0), ").append(CONCURRENCY)
                .append(" concurrent, ").append(took.toMillis() / 1000.0).append(" s\n\n");
        sb.append("| outcome | requests |\n|---|---|\n");
        sb.append("| non-streaming answered | ").append(counts.getOrDefault(Result.OK, 0)).append(" of ")
                .append(REQUESTS - streams).append(" |\n");
        sb.append("| streams answered in full (`[DONE]`) | ").append(counts.getOrDefault(Result.STREAM_OK, 0))
                .append(" of ").append(streams).append(" |\n");
        sb.append("| streams cut after content, ended by an error event | ")
                .append(counts.getOrDefault(Result.STREAM_ERROR_AFTER_CONTENT, 0)).append(" |\n");
        sb.append("| streams failed before content (must be 0) | ")
                .append(counts.getOrDefault(Result.STREAM_ERROR_BEFORE_CONTENT, 0)).append(" |\n");
        sb.append("| streams ended without `[DONE]` or an error (must be 0) | ")
                .append(counts.getOrDefault(Result.STREAM_TRUNCATED, 0)).append(" |\n");
        sb.append("| wrong or partial text presented as an answer (must be 0) | ")
                .append(counts.getOrDefault(Result.WRONG_TEXT, 0)).append(" |\n");
        sb.append("| other client errors (must be 0) | ").append(counts.getOrDefault(Result.FAILED, 0)).append(" |\n\n");
        sb.append("Tiers answered (x-ladder-tier): ").append(new TreeMap<>(tiers)).append("\n\n");
        sb.append("Faults injected by the simulated providers: ").append(injected).append(" (total ")
                .append(injected.values().stream().mapToLong(Long::longValue).sum()).append(")\n\n");
        sb.append("Decision log: ").append(log.rows()).append(" rows; ").append(log.answeredAfterFailedAttempts())
                .append(" successful answers with failed attempts behind them; ").append(log.escalated())
                .append(" requests escalated a tier; failed attempts by kind: ").append(log.failedAttemptsByKind())
                .append("\n\n");
        sb.append("Metrics: retries ").append(sum(metrics, "ladder_retries_total")).append(", escalations ")
                .append(sum(metrics, "ladder_escalations_total")).append(", breaker transitions ")
                .append(sum(metrics, "ladder_breaker_transitions_total")).append(", breaker rejections ")
                .append(sum(metrics, "ladder_breaker_rejections_total")).append('\n');
        metrics.lines().filter(l -> l.startsWith("ladder_breaker_transitions_total{"))
                .forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }

    static long sum(String metrics, String name) {
        return Math.round(dev.ladder.testing.PromText.parse(metrics).sum(name));
    }

}
