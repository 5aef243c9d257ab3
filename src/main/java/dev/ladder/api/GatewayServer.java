package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.config.LadderConfig;
import dev.ladder.config.ServerConfig;
import dev.ladder.jobs.JobService;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.CacheAdmin;
import dev.ladder.pipeline.EmbeddingGateway;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.webhooks.OutboxStore;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP edge on a Helidon (virtual-thread) web server: OpenAI chat completions, Anthropic messages and OpenAI
 * responses (each a {@link FrontDoor} into the same pipeline), models, feedback, health and the admin routes.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Set<String> KNOWN_PATHS = Set.of("/v1/chat/completions", "/v1/messages",
            "/v1/messages/count_tokens", "/v1/responses", "/v1/embeddings", "/v1/models", "/v1/feedback", "/v1/files",
            "/v1/batches", "/health", "/health/live", "/health/ready", AdminHandlers.DEPLOYMENTS, AdminHandlers.METRICS,
            "/admin/cache", KeysAdminHandler.KEYS, KeysAdminHandler.TEAMS, KeysAdminHandler.SPEND,
            DashboardHandler.PAGE, DashboardHandler.LOGIN, DashboardHandler.SUMMARY, DashboardHandler.DECISIONS);

    /** Longest request line and largest header block accepted (Helidon's defaults, named for the error text). */
    static final int MAX_REQUEST_LINE_BYTES = 2048;
    static final int MAX_HEADERS_BYTES = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    /** The buffer of a streamed response; larger writes go straight to the socket. */
    static final int STREAM_WRITE_BUFFER_BYTES = 1024;

    private final WebServer server;
    private final long startedAt;
    private final String host;
    private final int requestedPort;
    private final HeaderDeadline headerDeadline;
    private final ListenerWatch watch;

    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock) {
        this(config, pipeline, events, clock, FeedbackStore.NONE, AdminViews.NONE);
    }

    /**
     * With {@code POST /v1/feedback} storing into {@code feedback}, and the operator endpoints
     * {@code /admin/deployments} and {@code /metrics} showing {@code admin}.
     */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin) {
        this(config, pipeline, events, clock, feedback, admin, CacheAdmin.NONE);
    }

    /** As above, with the response caches' admin API at {@code /admin/cache}. */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches) {
        this(config, pipeline, events, clock, feedback, admin, caches, DashboardViews.NONE);
    }

    /** As above, with the dashboard at {@code /dashboard} and its JSON under {@code /admin/dashboard/}. */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, ListenerWatch.DEFAULT_PERIOD);
    }

    /** As above, checking every {@code watchPeriod} that the listener still accepts connections. */
    GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard,
            Duration watchPeriod) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, watchPeriod, Optional.empty(),
                Optional.empty(), EmbeddingGateway.NONE);
    }

    /**
     * As above, with the Files, Batches and jobs APIs ({@code /v1/files}, {@code /v1/batches}, {@code /v1/jobs},
     * {@code x-ladder-async}) and the webhook outbox's admin routes ({@code /admin/webhooks}).
     */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard, Queue queue) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, Optional.of(queue), Optional.empty());
    }

    /**
     * As above, with virtual keys: {@code /v1/*} needs a key and the admin routes the master key once
     * {@code keys}' authentication is required, and the keys, teams and spend admin API is served.
     */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard, KeysAccess keys) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, Optional.empty(), Optional.of(keys));
    }

    /** With the job queue's routes and virtual keys, each when present. */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard,
            Optional<Queue> queue, Optional<KeysAccess> keys) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, queue, keys, EmbeddingGateway.NONE);
    }

    /** As above, with {@code POST /v1/embeddings} answered by {@code embeddings}. */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard,
            Optional<Queue> queue, Optional<KeysAccess> keys, EmbeddingGateway embeddings) {
        this(config, pipeline, events, clock, feedback, admin, caches, dashboard, ListenerWatch.DEFAULT_PERIOD, queue,
                keys, embeddings);
    }

    /** The job queue's API and the webhook outbox, for the routes above. */
    public record Queue(JobService jobs, OutboxStore webhooks, InstantSource clock) {
        public Queue {
            requireNonNull(jobs, "jobs is null");
            requireNonNull(webhooks, "webhooks is null");
            requireNonNull(clock, "clock is null");
        }
    }

    private GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard,
            Duration watchPeriod, Optional<Queue> queue, Optional<KeysAccess> keys, EmbeddingGateway embeddings) {
        requireNonNull(config, "config is null");
        Guard guard = keys.map(k -> new Guard(k.auth())).orElse(Guard.OPEN);
        KeyGate gate = new KeyGate(keys.flatMap(KeysAccess::gate), config.routing().alias(), events);
        this.watch = new ListenerWatch(watchPeriod);
        DashboardHandler board = new DashboardHandler(dashboard, clock);
        FeedbackHandler feedbackHandler = new FeedbackHandler(feedback, clock, events);
        AdminHandlers adminHandlers = new AdminHandlers(requireNonNull(admin, "admin is null"));
        CacheAdminHandler cacheAdmin = new CacheAdminHandler(caches);
        this.startedAt = clock.instant().getEpochSecond();
        ChatCompletionsHandler chat = new ChatCompletionsHandler(pipeline, events, clock,
                config.baselineModel().price(), config.server().maxBodyBytes(), FrontDoor.OPENAI_CHAT,
                queue.map(Queue::jobs), gate);
        ChatCompletionsHandler messages = new ChatCompletionsHandler(pipeline, events, clock,
                config.baselineModel().price(), config.server().maxBodyBytes(), FrontDoor.ANTHROPIC_MESSAGES, gate);
        ChatCompletionsHandler responses = new ChatCompletionsHandler(pipeline, events, clock,
                config.baselineModel().price(), config.server().maxBodyBytes(), FrontDoor.OPENAI_RESPONSES, gate);
        ObjectNode models = modelList(config, startedAt);
        ServerConfig s = config.server();
        this.host = s.host();
        this.requestedPort = s.port();
        this.headerDeadline = new HeaderDeadline(s.headerTimeout());
        this.server = WebServer.builder()
                .host(s.host())
                .port(s.port())
                .shutdownGracePeriod(Duration.ofSeconds(2))
                // past the cap, connections wait in the OS accept queue until a slot frees (the timeouts
                // below bound how long a slow client holds one); past that queue the OS refuses them
                .maxTcpConnections(connectionCap(s.maxConnections()))
                .idleConnectionTimeout(s.idleTimeout())
                .idleConnectionPeriod(checkPeriod(s.idleTimeout()))
                // memory per open connection (a held stream is one): a blocking socket reads through one 8 KiB
                // buffer where Helidon's NIO socket keeps two, and a streamed response's buffer is flushed at every
                // event of a few hundred bytes (docs/benchmarks.md, 10,000 concurrent streams)
                .useNio(false)
                .writeBufferSize(STREAM_WRITE_BUFFER_BYTES)
                // instead of the discovered HTTP/1.1 config, not beside it: with two protocol candidates Helidon
                // waits for a client's first bytes before it tracks (and can idle out) a connection
                .protocolsDiscoverServices(false)
                .protocols(List.of(Http1Config.builder()
                        .maxPrologueLength(MAX_REQUEST_LINE_BYTES)
                        .maxHeadersSize(MAX_HEADERS_BYTES)
                        .addReceiveListener(headerDeadline)
                        .build()))
                .directHandlers(Rejections.handlers())
                .routing(r -> routes(r, keys.map(k -> new KeysAdminHandler(k.keys(), k.spend(), clock)), guard)
                        .error(HttpException.class, (req, res, e) -> Responses.sendError(res,
                                ErrorMapper.rejected(e.status().code())))
                        .post("/v1/chat/completions", guard.identified(chat))
                        .post("/v1/messages", guard.identified(messages))
                        .post("/v1/messages/count_tokens",
                                guard.api(new CountTokensHandler(config.server().maxBodyBytes())))
                        .post("/v1/responses", guard.identified(responses))
                        .post("/v1/embeddings", guard.identified(new EmbeddingsHandler(embeddings, clock,
                                config.server().maxBodyBytes(), gate)))
                        .post("/v1/feedback", guard.identified(feedbackHandler))
                        .get("/v1/models", guard.api((req, res) -> json(res, 200, models)))
                        .get("/health", (req, res) -> json(res, 200, health()))
                        .get("/health/live", (req, res) -> json(res, 200, health()))
                        .get("/health/ready", (req, res) -> ready(res, config, admin))
                        .get(AdminHandlers.DEPLOYMENTS, guard.admin(adminHandlers::deployments))
                        .get(AdminHandlers.METRICS, guard.admin(adminHandlers::metrics))
                        .get("/admin/cache", guard.admin(cacheAdmin::stats))
                        .delete("/admin/cache", guard.admin(cacheAdmin::delete))
                        .get(DashboardHandler.PAGE, board::page)
                        .post(DashboardHandler.LOGIN, board::login)
                        .get(DashboardHandler.PAGE + "/{name}", board::asset)
                        .get(DashboardHandler.SUMMARY, board::summary)
                        .get(DashboardHandler.DECISIONS, board::decisions)
                        .get(DashboardHandler.DECISIONS + "/{id}", board::decision)
                        .register((io.helidon.webserver.http.HttpService) rules -> queue.ifPresent(q -> {
                            new JobsHandlers(q.jobs(), config.server().maxBodyBytes()).register(rules, guard);
                            new WebhookAdminHandlers(q.webhooks(), q.clock()).register(rules, guard);
                        }))
                        .any(GatewayServer::fallback))
                .build();
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException naming the address when the server cannot listen there (a busy port)
     */
    public GatewayServer start() {
        checkCanListen(host, requestedPort);
        server.start();
        if (server.port() < 0) {
            // lost a race for the port after the check; Helidon has logged why
            close();
            throw Listening.cannotListen(host, requestedPort, "see the log above");
        }
        watch.watch(host, server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    /**
     * Fails fast, before anything else is built, when {@code host:port} is taken or unusable (port 0 is never
     * checked).
     *
     * @throws IllegalStateException with one line naming the address and the reason
     */
    public static void checkCanListen(String host, int port) {
        Listening.checkFree(host, port);
    }

    /**
     * Completes if the listener stops without {@link #close()}: Helidon ends its accept loop for good on an
     * error such as running out of file descriptors, and the process would carry on serving nothing.
     */
    public CompletableFuture<Void> stoppedOnItsOwn() {
        return watch.stoppedOnItsOwn();
    }

    @Override
    public void close() {
        watch.close();
        server.stop();
        headerDeadline.close();
    }

    private static int connectionCap(int configured) {
        int cap = Listening.connectionCap(configured);
        if (cap < configured) {
            LOG.log(System.Logger.Level.INFO, "server.max_connections lowered from " + configured + " to " + cap
                    + ": the process may not open enough files for more (ulimit -n), and each connection may "
                    + "need a second one upstream");
        }
        return cap;
    }

    /** How often idle connections are looked for: a quarter of the timeout, within 50 ms..15 s. */
    static Duration checkPeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        Duration min = Duration.ofMillis(50);
        Duration max = Duration.ofSeconds(15);
        return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
    }

    /** The keys, teams and spend admin routes, when keys are on; the routing builder, for the rest. */
    private static io.helidon.webserver.http.HttpRouting.Builder routes(io.helidon.webserver.http.HttpRouting.Builder r,
            Optional<KeysAdminHandler> keys, Guard guard) {
        keys.ifPresent(h -> keyRoutes(r, guard, h));
        return r;
    }

    private static void keyRoutes(io.helidon.webserver.http.HttpRouting.Builder r, Guard guard, KeysAdminHandler h) {
        r.post(KeysAdminHandler.KEYS, guard.admin(h::create))
                .get(KeysAdminHandler.KEYS, guard.admin(h::list))
                .get(KeysAdminHandler.KEYS + "/{id}", guard.admin(h::get))
                .patch(KeysAdminHandler.KEYS + "/{id}", guard.admin(h::update))
                .delete(KeysAdminHandler.KEYS + "/{id}", guard.admin(h::revoke))
                .get(KeysAdminHandler.TEAMS, guard.admin(h::teams))
                .put(KeysAdminHandler.TEAMS + "/{name}", guard.admin(h::putTeam))
                .get(KeysAdminHandler.SPEND, guard.admin(h::spend));
    }

    private static ObjectNode health() {
        ObjectNode n = Json.object();
        n.put("status", "ok");
        return n;
    }

    private static void ready(ServerResponse res, LadderConfig config, AdminViews admin) {
        ObjectNode report = Readiness.report(config.tiers(), admin.deployments().get(), admin.databaseProblem().get(),
                admin.redis().get());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        json(res, Readiness.ready(report) ? 200 : 503, report);
    }

    private static ObjectNode modelList(LadderConfig config, long created) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        ObjectNode alias = data.addObject();
        alias.put("id", config.routing().alias());
        alias.put("object", "model");
        alias.put("created", created);
        alias.put("owned_by", "ladder");
        config.aliases().keySet().stream().sorted().forEach(name -> {
            ObjectNode n = data.addObject();
            n.put("id", name);
            n.put("object", "model");
            n.put("created", created);
            n.put("owned_by", "ladder");
        });
        config.embeddings().values().stream().sorted(Comparator.comparing(EmbeddingSpec::name)).forEach(m -> {
            ObjectNode n = data.addObject();
            n.put("id", m.name());
            n.put("object", "model");
            n.put("created", created);
            n.put("owned_by", m.provider());
        });
        config.models().values().stream().sorted(Comparator.comparing(ModelSpec::name)).forEach(m -> {
            ObjectNode n = data.addObject();
            n.put("id", m.name());
            n.put("object", "model");
            n.put("created", created);
            n.put("owned_by", m.provider());
        });
        return root;
    }

    private static void fallback(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        HttpError error = KNOWN_PATHS.contains(path) ? ErrorMapper.methodNotAllowed(req.prologue().method().text(), path)
                : ErrorMapper.notFound(path);
        if (req.prologue().method() == Method.HEAD) {
            res.status(error.status()).send();
            return;
        }
        Responses.sendError(res, error);
    }

    private static void json(ServerResponse res, int status, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(status).send(Json.writeBytes(body));
    }
}
