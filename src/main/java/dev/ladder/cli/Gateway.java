package dev.ladder.cli;

import static java.util.Objects.requireNonNull;

import dev.ladder.api.GatewayServer;
import dev.ladder.classify.ClassifyStage;
import dev.ladder.classify.Classifier;
import dev.ladder.classify.ClassifierChain;
import dev.ladder.classify.ClassifierSpec;
import dev.ladder.classify.HeuristicClassifier;
import dev.ladder.classify.LlmClassifier;
import dev.ladder.classify.TrainedClassifier;
import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.RulesStage;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.Stage;
import dev.ladder.route.ConversationMemory;
import dev.ladder.route.RouteStage;
import dev.ladder.store.SqliteDecisionStore;
import dev.ladder.telemetry.DecisionLog;
import dev.ladder.upstream.Deployment;
import dev.ladder.upstream.UpstreamStage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: the one place that knows every part and the order of the request path.
 *
 * <pre>exact cache -> semantic cache -> rules -> classify -> route -> upstream (same-tier failover) -> respond;
 * events -> decision log</pre>
 */
public final class Gateway implements AutoCloseable {

    private final LadderConfig config;
    private final Map<String, Provider> providers;
    private final DecisionLog decisionLog;
    private final GatewayServer server;
    private final Caches caches;

    private Gateway(LadderConfig config, Map<String, Provider> providers, DecisionLog decisionLog,
            GatewayServer server, Caches caches) {
        this.config = config;
        this.providers = providers;
        this.decisionLog = decisionLog;
        this.server = server;
        this.caches = caches;
    }

    public static Gateway start(LadderConfig config, InstantSource clock) {
        requireNonNull(config, "config is null");
        Map<String, Provider> providers = Providers.create(config);
        SqliteDecisionStore store = SqliteDecisionStore.open(config.server().dataDir());
        DecisionLog decisionLog = DecisionLog.start(store, config.server().decisionLogQueue());
        GatewayEvents events = GatewayEvents.composite(List.of(decisionLog));
        // every complete answer may be cached; the answer validators add their verdict here once they are on the path
        Caches caches = Caches.create(config.cache(), clock, (request, response) -> true);
        List<Stage> stages = new ArrayList<>(caches.stages());
        stages.addAll(List.of(
                new RulesStage(config.routing().rules(), config.routing().alias()),
                new ClassifyStage(classifiers(config, providers), config.routing().alias()),
                new RouteStage(config.routing().alias(), config.models(), tiers(config), config.routing().tierPolicy(),
                        config.routing().stickyConversations()
                                ? Optional.of(new ConversationMemory(clock, ConversationMemory.DEFAULT_TTL,
                                        ConversationMemory.DEFAULT_MAX_ENTRIES))
                                : Optional.empty()),
                new UpstreamStage(deployments(config, providers))));
        GatewayServer server = new GatewayServer(config, new Pipeline(stages), events, feedback(store, decisionLog),
                clock, caches.admin()).start();
        return new Gateway(config, providers, decisionLog, server, caches);
    }

    /** The configured classifier chain, cheapest first. */
    private static Classifier classifiers(LadderConfig config, Map<String, Provider> providers) {
        List<ClassifierChain.Link> links = config.routing().classifiers().stream().map(spec -> new ClassifierChain.Link(
                switch (spec) {
                    case ClassifierSpec.Heuristic h -> new HeuristicClassifier(config.routing().heuristic());
                    case ClassifierSpec.Trained t -> new TrainedClassifier(
                            t.file().map(TrainedModel::load).orElseGet(TrainedModel::loadDefault));
                    case ClassifierSpec.Llm llm -> {
                        ModelSpec model = config.models().get(llm.model());
                        yield new LlmClassifier(providers.get(model.provider()), model, llm.timeout());
                    }
                }, spec.band())).toList();
        return links.size() == 1 ? links.getFirst().classifier() : new ClassifierChain(links);
    }

    /**
     * Feedback may arrive before the decision log's writer has stored its request: an unknown id waits for the
     * queue to drain (at most a second) and is looked up once more before it is a 404.
     */
    private static FeedbackStore feedback(SqliteDecisionStore store, DecisionLog decisionLog) {
        return f -> {
            if (store.addFeedback(f)) {
                return true;
            }
            try {
                decisionLog.flush(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return store.addFeedback(f);
        };
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

    @Override
    public void close() {
        server.close();
        caches.close();
        decisionLog.close();
        providers.values().forEach(Provider::close);
    }
}
