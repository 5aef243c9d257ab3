package dev.ladder.cli;

import static java.util.Objects.requireNonNull;

import dev.ladder.api.AdminAuth;
import dev.ladder.api.AdminViews;
import dev.ladder.api.DashboardViews;
import dev.ladder.api.GatewayServer;
import dev.ladder.api.PipelineJobRunner;
import dev.ladder.jobs.JobService;
import dev.ladder.jobs.Workers;
import dev.ladder.store.JdbcJobStore;
import dev.ladder.webhooks.Deliverer;
import dev.ladder.webhooks.Outbox;
import dev.ladder.classify.ClassifyStage;
import dev.ladder.classify.Classifier;
import dev.ladder.classify.ClassifierChain;
import dev.ladder.classify.ClassifierSpec;
import dev.ladder.classify.HeuristicClassifier;
import dev.ladder.classify.KnnClassifier;
import dev.ladder.classify.LlmClassifier;
import dev.ladder.embed.Embedders;
import dev.ladder.classify.TrainedClassifier;
import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.RulesStage;
import dev.ladder.config.LadderConfig;
import dev.ladder.config.RoutingConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Feedback;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.Stage;
import dev.ladder.route.ConversationMemory;
import dev.ladder.resilience.HealthRegistry;
import dev.ladder.resilience.RetryBudget;
import dev.ladder.resilience.RetryConfig;
import dev.ladder.resilience.RetryPolicy;
import dev.ladder.resilience.Sleeper;
import dev.ladder.route.CapableDeploymentsStage;
import dev.ladder.route.RouteStage;
import dev.ladder.route.TierDefaultsStage;
import dev.ladder.strategy.StrategyStage;
import dev.ladder.validate.Validation;
import dev.ladder.route.RoutingOptions;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.telemetry.BreakerLog;
import dev.ladder.telemetry.DecisionLog;
import dev.ladder.telemetry.Metrics;
import dev.ladder.telemetry.RequestLog;
import dev.ladder.telemetry.TelemetryConfig;
import dev.ladder.telemetry.Traces;
import dev.ladder.upstream.Deployment;
import dev.ladder.upstream.UpstreamPolicy;
import dev.ladder.upstream.UpstreamStage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import dev.ladder.resilience.PerThreadRandom;

/**
 * The composition root: the one place that knows every part and the order of the request path.
 *
 * <pre>request path:  exact cache -> semantic cache -> rules -> classify -> route (healthy first, load-balanced,
 *                sticky) -> strategy (direct | cascade ⟲ (attempt -> validate) | race; escalation on failure)
 *                -> respond
 * attempt path:  tier defaults -> capable deployments -> upstream (retry table, breakers, same-tier failover,
 *                latency budget, pricing)
 *                (every call to a model: answers, cascade steps, race legs, judges, the LLM classifier)
 * embeddings:    deployment -> exact cache -> embedding provider (openai, azure, in-jar) -> decision log
 * events:        decision log, metrics, breaker log, traces (when on), request log</pre>
 */
public final class Gateway implements AutoCloseable {

    private final LadderConfig config;
    private final Map<String, Provider> providers;
    private final DecisionLog decisionLog;
    private final GatewayServer server;
    private final HealthRegistry health;
    private final Metrics metrics;
    private final Caches caches;
    private final Queue queue;
    private final Optional<Traces> traces;
    private final KeysWiring keys;
    private final EmbeddingPath embeddings;

    /** The job queue's parts: its store, the webhook outbox, the workers and the deliverer of this process. */
    private record Queue(JdbcJobStore store, Outbox outbox, JobService service, Workers workers, Deliverer deliverer)
            implements AutoCloseable {

        /** The queue's store and the webhook outbox, opened before the rest so that any feature may send events. */
        static JdbcJobStore open(LadderConfig config) {
            JdbcJobStore store = JdbcJobStore.open(config.jobs().database(), config.server().dataDir());
            LOG.log(System.Logger.Level.INFO, "job queue in " + store.description());
            return store;
        }

        static Queue start(LadderConfig config, JdbcJobStore store, Outbox outbox, Pipeline path, GatewayEvents events,
                InstantSource clock) {
            JobService service = new JobService(store, outbox, clock);
            Workers workers = new Workers(store, new PipelineJobRunner(path, events, clock,
                    config.baselineModel().price()), service, config.jobs(), clock);
            Deliverer deliverer = new Deliverer(store.outbox(), config.webhooks(), clock, new SplittableRandom());
            return new Queue(store, outbox, service, workers, deliverer);
        }

        GatewayServer.Queue api(InstantSource clock) {
            return new GatewayServer.Queue(service, store.outbox(), clock);
        }

        void begin() {
            workers.start();
            deliverer.start();
        }

        @Override
        public void close() {
            workers.close();
            deliverer.close();
            store.close();
        }
    }

    private Gateway(LadderConfig config, Map<String, Provider> providers, DecisionLog decisionLog,
            GatewayServer server, HealthRegistry health, Metrics metrics, Caches caches, Queue queue,
            Optional<Traces> traces, KeysWiring keys, EmbeddingPath embeddings) {
        this.queue = queue;
        this.keys = keys;
        this.embeddings = embeddings;
        this.config = config;
        this.providers = providers;
        this.decisionLog = decisionLog;
        this.server = server;
        this.health = health;
        this.metrics = metrics;
        this.caches = caches;
        this.traces = traces;
    }

    /** The older name of the master key's variable, still accepted ({@code LADDER_MASTER_KEY} wins). */
    public static final String ADMIN_KEY_ENV = "LADDER_ADMIN_KEY";

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    /**
     * The gateway, with the master key from {@code LADDER_MASTER_KEY}, {@code LADDER_MASTER_KEY_FILE} or
     * {@value #ADMIN_KEY_ENV}: with one, virtual keys are on; without, the gateway is open and loopback only.
     */
    public static Gateway start(LadderConfig config, InstantSource clock) {
        return start(config, clock, KeysWiring.Options.fromEnv(System.getenv()), false);
    }

    /**
     * The gateway with {@code masterKey} as its master key (virtual keys on, budgets and limits in this process),
     * or open (loopback only).
     */
    public static Gateway start(LadderConfig config, InstantSource clock, Optional<String> masterKey) {
        return start(config, clock, new KeysWiring.Options(masterKey, Optional.empty()), false);
    }

    /**
     * As above; {@code insecureNoAuth} lets a gateway without a master key listen on a non-loopback address.
     *
     * @throws IllegalStateException ({@code KeysWiring.InsecureBind}) on a non-loopback bind without auth
     */
    public static Gateway start(LadderConfig config, InstantSource clock, KeysWiring.Options keysOptions,
            boolean insecureNoAuth) {
        return start(config, clock, keysOptions, insecureNoAuth, true);
    }

    /**
     * With {@code metricsFed} false the metrics listener is left out of the events (so {@code /metrics} stays at
     * zero): {@code ladder bench-overhead} measures what feeding the metrics costs a request.
     */
    static Gateway start(LadderConfig config, InstantSource clock, KeysWiring.Options keysOptions,
            boolean insecureNoAuth, boolean metricsFed) {
        requireNonNull(config, "config is null");
        Optional<String> masterKey = keysOptions.masterKey();
        Optional<String> adminKey = masterKey;
        KeysWiring.checkBind(config.server().host(), masterKey.isPresent(), insecureNoAuth);
        GatewayServer.checkCanListen(config.server().host(), config.server().port());
        Map<String, Provider> providers = Providers.create(config);
        JdbcDecisionStore store = JdbcDecisionStore.open(config.state().database(), config.server().dataDir());
        LOG.log(System.Logger.Level.INFO, "decision log in " + store.description());
        DecisionLog decisionLog = DecisionLog.start(store, config.server().decisionLogQueue());
        Metrics metrics = new Metrics(clock);
        Optional<Traces> traces = traces(config);
        List<GatewayEvents> listeners = new ArrayList<>(List.of(decisionLog));
        if (metricsFed) {
            listeners.add(metrics);
        }
        listeners.add(new BreakerLog());
        traces.ifPresent(listeners::add);
        if (config.telemetry().requestLog().enabled()) {
            listeners.add(RequestLog.start(config.telemetry().requestLog()));
        }
        JdbcJobStore jobStore = Queue.open(config);
        Outbox outbox = new Outbox(jobStore.outbox(), config.webhooks().url(), clock);
        KeysWiring keys = KeysWiring.create(config, clock, keysOptions, metrics, outbox);
        listeners.addAll(keys.listeners());
        GatewayEvents events = GatewayEvents.composite(listeners);
        HealthRegistry health = health(config, clock, events);
        // every complete answer may be cached; a cascade has already validated what reaches the caches
        Caches caches = Caches.create(config.cache(), clock, (request, response) -> true, events);
        Pipeline path = requestPath(config, providers, health, clock, caches.stages(), keys.attemptStages());
        Queue queue = Queue.start(config, jobStore, outbox, path, events, clock);
        EmbeddingPath embeddings = EmbeddingPath.create(config, caches.store(), events, clock);
        AdminViews adminViews = new AdminViews(health::snapshot, () -> metrics.scrape(health.snapshot()),
                store::writeProblem, () -> java.util.stream.Stream.concat(caches.redisHealth().stream(),
                        keys.redisHealth().stream()).toList());
        DashboardViews dashboard = new DashboardViews(metrics::snapshot, Optional.of(store), adminAuth(adminKey),
                keys.budgets());
        GatewayServer server = new GatewayServer(config, path, events, clock, feedback(store, decisionLog), adminViews,
                caches.admin(), dashboard, Optional.of(queue.api(clock)), keys.access(), embeddings.gateway());
        try {
            server.start();
            queue.begin();
        } catch (RuntimeException e) {
            // e.g. the port is taken: release what was opened, so the caller can report one line and exit
            queue.close();
            embeddings.close();
            caches.close();
            decisionLog.close();
            traces.ifPresent(Traces::close);
            keys.close();
            providers.values().forEach(Provider::close);
            throw e;
        }
        return new Gateway(config, providers, decisionLog, server, health, metrics, caches, queue, traces, keys,
                embeddings);
    }

    /**
     * OpenTelemetry traces when {@code telemetry.tracing.enabled}; otherwise none, and no request touches the
     * SDK. Each model is traced under its wire format as the GenAI provider name and its upstream model id.
     */
    private static Optional<Traces> traces(LadderConfig config) {
        TelemetryConfig.Tracing tracing = config.telemetry().tracing();
        if (!tracing.enabled()) {
            return Optional.empty();
        }
        Map<String, Traces.Upstream> upstreams = new HashMap<>();
        config.models().values().forEach(m -> upstreams.put(m.name(), new Traces.Upstream(
                config.providers().get(m.provider()).kind().wireName(), m.upstreamModel())));
        LOG.log(System.Logger.Level.INFO, "tracing: spans go to " + tracing.endpoint() + " (sampling ratio "
                + tracing.samplingRatio() + ")");
        return Optional.of(Traces.start(tracing, upstreams));
    }

    /**
     * The request path of {@code config}, and inside it the attempt path: the one place their order is written.
     * {@code front} are the stages before the rules (the response caches); offline replays pass none.
     */
    static Pipeline requestPath(LadderConfig config, Map<String, Provider> providers, HealthRegistry health,
            InstantSource clock, List<Stage> front) {
        return requestPath(config, providers, health, clock, front, List.of());
    }

    /** As above, with {@code attemptFront} (the budget reservation) first on every call to a model. */
    static Pipeline requestPath(LadderConfig config, Map<String, Provider> providers, HealthRegistry health,
            InstantSource clock, List<Stage> front, List<AttemptStage> attemptFront) {
        RoutingConfig routing = config.routing();
        RouteStage route = new RouteStage(routing.alias(), config.models(), tiers(config), new RoutingOptions(
                routing.loadBalancing(), routing.weights(), routing.escalateOnFailure()), Optional.of(health),
                PerThreadRandom.INSTANCE, routing.tierPolicy(), routing.stickyConversations()
                        ? Optional.of(new ConversationMemory(clock, ConversationMemory.DEFAULT_TTL,
                                ConversationMemory.DEFAULT_MAX_ENTRIES))
                        : Optional.empty(), aliases(config));
        // every call to a model, whatever it is for, takes this path: the tier's defaults, then the upstream
        List<AttemptStage> attemptStages = new ArrayList<>(attemptFront);
        attemptStages.addAll(List.of(
                new TierDefaultsStage(routing.tierPolicy()),
                new CapableDeploymentsStage(),
                new UpstreamStage(deployments(config, providers), upstreamPolicy(config, health, clock))));
        Attempts attempts = new Attempts(attemptStages);
        Validation validation = Validation.of(config.validation(), name -> config.model(name).map(Validation.Judge::new));
        List<Stage> stages = new ArrayList<>(front);
        stages.addAll(List.of(
                new RulesStage(routing.rules(), routing.alias()),
                new ClassifyStage(classifiers(config), routing.alias(), attempts::calls),
                route,
                new StrategyStage(routing.alias(), routing.strategy(), routing.strategies(), route, attempts,
                        validation)));
        return new Pipeline(stages);
    }

    private static Map<String, List<ModelSpec>> aliases(LadderConfig config) {
        Map<String, List<ModelSpec>> out = new LinkedHashMap<>();
        config.aliases().keySet().forEach(name -> out.put(name, config.aliasModels(name)));
        return out;
    }

    /** The deployments' health registry of {@code config}, reporting breaker changes to {@code events}. */
    static HealthRegistry health(LadderConfig config, InstantSource clock, GatewayEvents events) {
        return new HealthRegistry(deploymentProviders(config), config.resilience().breaker(), clock,
                events::breakerTransition);
    }

    private static AdminAuth adminAuth(Optional<String> adminKey) {
        if (adminKey.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no master key (" + KeysWiring.MASTER_KEY_ENV + "): /dashboard and "
                    + "/admin/dashboard are open to anyone who can reach the gateway");
            return AdminAuth.OPEN;
        }
        return AdminAuth.token(adminKey.get());
    }

    private static UpstreamPolicy upstreamPolicy(LadderConfig config, HealthRegistry health, InstantSource clock) {
        RetryConfig retry = config.resilience().retry();
        return new UpstreamPolicy(new RetryPolicy(retry), RetryBudget.of(retry, clock), health,
                config.routing().latencyBudget(), config.resilience().preCommitDeadline(), Sleeper.real(),
                PerThreadRandom.INSTANCE);
    }

    /** Every deployment with its provider, cheapest tier first, for the health registry and the admin view. */
    private static Map<String, String> deploymentProviders(LadderConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            config.tierModels(t).forEach(m -> out.putIfAbsent(m.name(), m.provider()));
        }
        config.models().values().stream().sorted(Comparator.comparing(ModelSpec::name))
                .forEach(m -> out.putIfAbsent(m.name(), m.provider()));
        return out;
    }

    /** The configured classifier chain, cheapest first. */
    static Classifier classifiers(LadderConfig config) {
        List<ClassifierChain.Link> links = config.routing().classifiers().stream().map(spec -> new ClassifierChain.Link(
                switch (spec) {
                    case ClassifierSpec.Heuristic h -> new HeuristicClassifier(config.routing().heuristic());
                    case ClassifierSpec.Knn knn -> KnnClassifier.of(Embedders.miniLmLean(), knn.exemplars(), knn.k());
                    case ClassifierSpec.Trained t -> new TrainedClassifier(
                            t.file().map(TrainedModel::load).orElseGet(TrainedModel::loadDefault));
                    case ClassifierSpec.Llm llm -> new LlmClassifier(config.models().get(llm.model()), llm.timeout());
                }, spec.band())).toList();
        return links.size() == 1 ? links.getFirst().classifier() : new ClassifierChain(links);
    }

    /**
     * Feedback may arrive before the decision log's writer has stored its request: an unknown id waits for the
     * queue to drain (at most a second) and is looked up once more before it is a 404.
     */
    private static FeedbackStore feedback(JdbcDecisionStore store, DecisionLog decisionLog) {
        return new FeedbackStore() {
            @Override
            public boolean addFeedback(Feedback f) {
                return store.addFeedback(f) || afterFlush(decisionLog) && store.addFeedback(f);
            }

            @Override
            public boolean addFeedback(Feedback f, String keyId) {
                return store.addFeedback(f, keyId) || afterFlush(decisionLog) && store.addFeedback(f, keyId);
            }
        };
    }

    /** Waits for the decision log's queue to drain (at most a second); false when interrupted. */
    private static boolean afterFlush(DecisionLog decisionLog) {
        try {
            decisionLog.flush(Duration.ofSeconds(1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<Tier, List<ModelSpec>> tiers(LadderConfig config) {
        Map<Tier, List<ModelSpec>> tiers = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            tiers.put(t, config.tierModels(t));
        }
        return tiers;
    }

    private static Map<String, Deployment> deployments(LadderConfig config, Map<String, Provider> providers) {
        Map<String, Deployment> out = new HashMap<>();
        for (ModelSpec m : config.models().values()) {
            out.put(m.name(), new Deployment(m, providers.get(m.provider()),
                    config.providers().get(m.provider()).requestTimeout()));
        }
        return out;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://" + config.server().host() + ":" + port();
    }

    public LadderConfig config() {
        return config;
    }

    public DecisionLog decisionLog() {
        return decisionLog;
    }

    /** Every deployment's breaker and health, as {@code GET /admin/deployments} shows them. */
    public HealthRegistry health() {
        return health;
    }

    /** The key store and ledger, when virtual keys are on. */
    public Optional<dev.ladder.store.JdbcAccessStore> accessStore() {
        return keys.store();
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * Blocks until the listener stops without {@link #close()} (it gave up accepting connections, e.g. when
     * the process ran out of file descriptors); a requested shutdown never returns from here.
     */
    public void awaitListenerFailure() {
        server.stoppedOnItsOwn().join();
    }

    /** The provider built for {@code name} (for tests and tools that look at a simulated provider's counters). */
    public Optional<Provider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /**
     * The webhook outbox: any feature announces an event with {@code outbox().enqueue(type, jsonPayload)}; it is
     * signed and delivered to {@code webhooks.url} with retries.
     */
    public Outbox outbox() {
        return queue.outbox();
    }

    /** The job queue's service (files, batches, jobs), for tools and tests. */
    public JobService jobs() {
        return queue.service();
    }

    /** This process's job workers. */
    public Workers workers() {
        return queue.workers();
    }

    /** This process's webhook deliverer. */
    public Deliverer deliverer() {
        return queue.deliverer();
    }

    @Override
    public void close() {
        server.close();
        queue.close();
        embeddings.close();
        caches.close();
        decisionLog.close();
        traces.ifPresent(Traces::close);
        keys.close();
        providers.values().forEach(Provider::close);
    }
}
