package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.CacheAdmin;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Set;

/** The HTTP edge: OpenAI-compatible routes on a Helidon (virtual-thread) web server. */
public final class GatewayServer implements AutoCloseable {

    private static final Set<String> KNOWN_PATHS = Set.of("/v1/chat/completions", "/v1/models", "/v1/feedback",
            "/health", AdminHandlers.DEPLOYMENTS, AdminHandlers.METRICS, "/admin/cache",
            DashboardHandler.PAGE, DashboardHandler.LOGIN, DashboardHandler.SUMMARY, DashboardHandler.DECISIONS);

    private final WebServer server;
    private final long startedAt;

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
        this(config, pipeline, events, clock, feedback, admin, caches, new DashboardViews(
                () -> new dev.ladder.pipeline.MetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, java.util.Map.of(), 0, 0, 0,
                        new dev.ladder.pipeline.MetricsSnapshot.Drift(java.util.Map.of(), java.util.Map.of(), 0, 0, 0,
                                0, false)), java.util.Optional.empty(), AdminAuth.OPEN));
    }

    /** As above, with the dashboard at {@code /dashboard} and its JSON under {@code /admin/dashboard/}. */
    public GatewayServer(LadderConfig config, Pipeline pipeline, GatewayEvents events, InstantSource clock,
            FeedbackStore feedback, AdminViews admin, CacheAdmin caches, DashboardViews dashboard) {
        requireNonNull(config, "config is null");
        DashboardHandler board = new DashboardHandler(dashboard, clock);
        FeedbackHandler feedbackHandler = new FeedbackHandler(feedback, clock, events);
        AdminHandlers adminHandlers = new AdminHandlers(requireNonNull(admin, "admin is null"));
        CacheAdminHandler cacheAdmin = new CacheAdminHandler(caches);
        this.startedAt = clock.instant().getEpochSecond();
        ChatCompletionsHandler chat = new ChatCompletionsHandler(pipeline, events, clock,
                config.baselineModel().price(), config.server().maxBodyBytes());
        ObjectNode models = modelList(config, startedAt);
        this.server = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .routing(r -> r
                        .post("/v1/chat/completions", chat)
                        .post("/v1/feedback", feedbackHandler)
                        .get("/v1/models", (req, res) -> json(res, 200, models))
                        .get("/health", (req, res) -> json(res, 200, health()))
                        .get(AdminHandlers.DEPLOYMENTS, adminHandlers::deployments)
                        .get(AdminHandlers.METRICS, adminHandlers::metrics)
                        .get("/admin/cache", cacheAdmin::stats)
                        .delete("/admin/cache", cacheAdmin::delete)
                        .get(DashboardHandler.PAGE, board::page)
                        .post(DashboardHandler.LOGIN, board::login)
                        .get(DashboardHandler.PAGE + "/{name}", board::asset)
                        .get(DashboardHandler.SUMMARY, board::summary)
                        .get(DashboardHandler.DECISIONS, board::decisions)
                        .get(DashboardHandler.DECISIONS + "/{id}", board::decision)
                        .any(GatewayServer::fallback))
                .build();
    }

    public GatewayServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static ObjectNode health() {
        ObjectNode n = Json.object();
        n.put("status", "ok");
        return n;
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
