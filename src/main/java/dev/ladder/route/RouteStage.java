package dev.ladder.route;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Requirements;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.pipeline.Stage;
import dev.ladder.resilience.HealthRegistry;
import dev.ladder.wire.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import dev.ladder.resilience.PerThreadRandom;
import java.util.random.RandomGenerator;

/**
 * Decides where the request goes and writes a {@link RoutePlan} on the exchange. The alias routes by tier
 * (classifier + caller hints, see {@link TierPolicy}); a configured model name goes straight to that model;
 * a model alias goes to its group of models, balanced and failed over like a tier's deployments; anything
 * else is an unknown model (404). A tier's deployments are ordered by {@link DeploymentSelector}
 * (healthy first, then by the load-balancing strategy); when the route allows escalation on failure, the
 * plan names the next tier up as where to go if every deployment of the tier fails. A caller's forced tier
 * and a client-named model are never escalated; a caller's {@code x-ladder-max-tier} bounds escalation.
 *
 * <p>Capabilities are constraints: a request that needs tools, a JSON schema, JSON mode, images or logprobs,
 * or more context than a model's window (prompt tokens plus {@code max_tokens}), is never planned onto a model
 * without it, neither first nor on failover nor on escalation. When none of the models it may go to can serve
 * it, the request fails with a 400 that says why ({@link Unservable}).
 */
public final class RouteStage implements Stage, Planner {

    private final String alias;
    private final Map<String, ModelSpec> models;
    private final Map<Tier, List<ModelSpec>> tiers;
    private final Map<Tier, TierSettings> settings;
    private final Optional<ConversationMemory> conversations;
    private final RoutingOptions options;
    private final Optional<HealthRegistry> health;
    private final RandomGenerator random;
    private final Map<String, List<ModelSpec>> aliases;

    /** Configured order, no escalation on failure, no health data. */
    public RouteStage(String alias, Map<String, ModelSpec> models, Map<Tier, List<ModelSpec>> tiers) {
        this(alias, models, tiers, RoutingOptions.ORDERED, Optional.empty(), PerThreadRandom.INSTANCE);
    }

    /**
     * @param health the deployments' health, read on every request to put open breakers last
     * @param random the weighted strategy's draws (used from many threads: pass a thread-safe generator)
     */
    public RouteStage(String alias, Map<String, ModelSpec> models, Map<Tier, List<ModelSpec>> tiers,
            RoutingOptions options, Optional<HealthRegistry> health, RandomGenerator random) {
        this(alias, models, tiers, options, health, random, Map.of(), Optional.empty());
    }

    /**
     * @param settings per-tier confidence floors and request defaults
     * @param conversations when present, conversations are sticky: they never drop below the highest tier used
     */
    public RouteStage(String alias, Map<String, ModelSpec> models, Map<Tier, List<ModelSpec>> tiers,
            Map<Tier, TierSettings> settings, Optional<ConversationMemory> conversations) {
        this(alias, models, tiers, RoutingOptions.ORDERED, Optional.empty(), PerThreadRandom.INSTANCE, settings,
                conversations);
    }

    public RouteStage(String alias, Map<String, ModelSpec> models, Map<Tier, List<ModelSpec>> tiers,
            RoutingOptions options, Optional<HealthRegistry> health, RandomGenerator random,
            Map<Tier, TierSettings> settings, Optional<ConversationMemory> conversations) {
        this(alias, models, tiers, options, health, random, settings, conversations, Map.of());
    }

    /** @param aliases public model names that stand for a group of models, each group in configured order */
    public RouteStage(String alias, Map<String, ModelSpec> models, Map<Tier, List<ModelSpec>> tiers,
            RoutingOptions options, Optional<HealthRegistry> health, RandomGenerator random,
            Map<Tier, TierSettings> settings, Optional<ConversationMemory> conversations,
            Map<String, List<ModelSpec>> aliases) {
        this.alias = requireNonNull(alias, "alias is null");
        this.aliases = Map.copyOf(aliases);
        this.models = Map.copyOf(models);
        this.tiers = Map.copyOf(tiers);
        this.options = requireNonNull(options, "options is null");
        this.health = requireNonNull(health, "health is null");
        this.random = requireNonNull(random, "random is null");
        this.settings = Map.copyOf(settings);
        this.conversations = requireNonNull(conversations, "conversations is null");
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        Optional<String> conversation = exchange.request().model().equals(alias)
                ? conversations.flatMap(m -> ConversationMemory.keyOf(exchange.request(), exchange.context()))
                : Optional.empty();
        RoutePlan plan = plan(exchange, conversation);
        exchange.plan(plan);
        Reply reply = chain.proceed(exchange);
        if (conversation.isPresent()) {
            exchange.answeredTier().ifPresent(t -> conversations.get().used(conversation.get(), t));
        }
        return reply;
    }

    @Override
    public Optional<RoutePlan> planFor(Exchange exchange, Tier tier) {
        Requirements needs = Tokens.requirements(exchange.request());
        List<ModelSpec> capable = capable(tier, needs);
        return capable.isEmpty() ? Optional.empty() : Optional.of(new RoutePlan(Optional.of(tier), order(capable),
                "cascade to " + tier.wireName(), onFailure(tier, needs, exchange)));
    }

    private RoutePlan plan(Exchange exchange, Optional<String> conversation) {
        String requested = exchange.request().model();
        Requirements needs = Tokens.requirements(exchange.request());
        if (exchange.pinnedModel().isPresent()) {
            ModelSpec pinned = models.get(exchange.pinnedModel().get());
            if (pinned == null) {
                throw new LadderException(new Failure.UnknownModel(exchange.pinnedModel().get()));
            }
            // a rule's model is the operator's decision (e.g. where personal data may go): never silently another
            return new RoutePlan(tierOf(pinned), List.of(able(pinned, needs, "the model a routing rule chose")),
                    exchange.pinReason().orElse("pinned"));
        }
        if (requested.equals(alias)) {
            Optional<Tier> floor = conversation
                    .filter(k -> ConversationMemory.isFollowUp(exchange.request(), exchange.context()))
                    .flatMap(k -> conversations.get().highest(k));
            TierPolicy.Decision d = TierPolicy.decide(exchange.classification(), exchange.context(), settings, floor);
            return tierPlan(d.tier(), needs, exchange, String.join("; ", d.why()));
        }
        List<ModelSpec> group = aliases.get(requested);
        if (group != null) {
            return aliasPlan(requested, group, needs);
        }
        ModelSpec direct = models.get(requested);
        if (direct == null) {
            throw new LadderException(new Failure.UnknownModel(requested));
        }
        return new RoutePlan(tierOf(direct), List.of(able(direct, needs, "the model named by the client")),
                "model named by the client");
    }

    /**
     * A model alias: the group's members that can serve the request, ordered as a tier's deployments are
     * (healthy first, then by the load-balancing strategy), the rest as failover. Never another model: the
     * client named this group.
     */
    private RoutePlan aliasPlan(String name, List<ModelSpec> group, Requirements needs) {
        List<ModelSpec> capable = group.stream().filter(m -> needs.metBy(m, defaultMaxTokens(m))).toList();
        if (capable.isEmpty()) {
            throw Unservable.explain(needs, group, "the models of alias " + name, this::defaultMaxTokens);
        }
        List<ModelSpec> ordered = order(capable);
        return new RoutePlan(tierOf(ordered.getFirst()), ordered, "alias " + name + " (" + group.size()
                + " deployments)");
    }

    /** {@code model} when it can serve the request; else the 400 that says why. */
    private ModelSpec able(ModelSpec model, Requirements needs, String scope) {
        if (!needs.metBy(model, defaultMaxTokens(model))) {
            throw Unservable.explain(needs, List.of(model), scope, this::defaultMaxTokens);
        }
        return model;
    }

    /**
     * The tier's models that can serve the request. When none in the chosen tier can, the nearest tier above
     * that can serves it (within the caller's {@code x-ladder-max-tier}), else the nearest below: a capability
     * outranks the classifier's guess. A tier forced with {@code x-ladder-tier} is the caller's and is not
     * left. When no tier the request may use can serve it: a 400 saying why.
     */
    private RoutePlan tierPlan(Tier tier, Requirements needs, Exchange exchange, String why) {
        List<Tier> allowed = allowedTiers(tier, exchange);
        for (Tier t : allowed) {
            List<ModelSpec> capable = capable(t, needs);
            if (!capable.isEmpty()) {
                String reason = t == tier ? why : why + "; moved " + (t.isAbove(tier) ? "up" : "down") + " to "
                        + t.wireName() + ": " + tier.wireName() + " cannot serve it (" + unmet(tier, needs) + ")";
                return new RoutePlan(Optional.of(t), order(capable), reason, onFailure(t, needs, exchange));
            }
        }
        List<ModelSpec> considered = allowed.stream().flatMap(t -> tiers.getOrDefault(t, List.of()).stream())
                .distinct().toList();
        if (considered.isEmpty()) {
            throw new LadderException(new Failure.Unavailable("No model is configured for tier " + tier.wireName()
                    + "."));
        }
        throw Unservable.explain(needs, considered, scope(tier, exchange), this::defaultMaxTokens);
    }

    /** The tiers a routed request may use, in order of preference: the chosen one, those above, those below. */
    private List<Tier> allowedTiers(Tier chosen, Exchange exchange) {
        if (exchange.context().forcedTier().isPresent()) {
            return List.of(chosen);
        }
        Optional<Tier> cap = exchange.context().maxTier();
        List<Tier> out = new ArrayList<>();
        for (Tier t = chosen; t != null && (cap.isEmpty() || !t.isAbove(cap.get())); t = t.next().orElse(null)) {
            out.add(t);
        }
        for (int i = chosen.ordinal() - 1; i >= 0; i--) {
            out.add(Tier.values()[i]);
        }
        return out;
    }

    private static String scope(Tier chosen, Exchange exchange) {
        if (exchange.context().forcedTier().isPresent()) {
            return "tier " + chosen.wireName() + ", forced by x-ladder-tier";
        }
        return exchange.context().maxTier().filter(cap -> cap.next().isPresent())
                .map(cap -> "tiers up to " + cap.wireName() + ", capped by x-ladder-max-tier").orElse("every tier");
    }

    private String unmet(Tier tier, Requirements needs) {
        List<ModelSpec> in = tiers.getOrDefault(tier, List.of());
        return in.isEmpty() ? "no model" : String.join("; ", in.stream()
                .map(m -> needs.unmetBy(m, defaultMaxTokens(m)).orElse(m.name())).toList());
    }

    /** The default {@code max_tokens} of the tier {@code model} serves in, which applies when the client set none. */
    private OptionalInt defaultMaxTokens(ModelSpec model) {
        return tierOf(model).map(t -> TierSettings.of(settings, t).maxTokens()).orElse(OptionalInt.empty());
    }

    /**
     * Where a request goes when every deployment of {@code failed} failed: the next tier up with a capable
     * model, if escalation on failure is on, the caller did not force the tier, and its cap allows.
     */
    private Optional<RoutePlan> onFailure(Tier failed, Requirements needs, Exchange exchange) {
        // escalation is off for this gateway
        if (!options.escalateOnFailure()) {
            return Optional.empty();
        }
        // the caller chose the tier with x-ladder-tier: theirs to change
        if (exchange.context().forcedTier().isPresent()) {
            return Optional.empty();
        }
        Optional<Tier> cap = exchange.context().maxTier();
        for (Tier t = failed.next().orElse(null); t != null; t = t.next().orElse(null)) {
            // the caller's x-ladder-max-tier is a ceiling for escalation too
            if (cap.isPresent() && t.isAbove(cap.get())) {
                return Optional.empty();
            }
            List<ModelSpec> capable = capable(t, needs);
            if (!capable.isEmpty()) {
                return Optional.of(new RoutePlan(Optional.of(t), order(capable), "escalated on failure of tier "
                        + failed.wireName(), onFailure(t, needs, exchange)));
            }
        }
        return Optional.empty();
    }

    private List<ModelSpec> capable(Tier t, Requirements needs) {
        OptionalInt fallback = TierSettings.of(settings, t).maxTokens();
        return tiers.getOrDefault(t, List.of()).stream().filter(m -> needs.metBy(m, fallback)).toList();
    }

    private List<ModelSpec> order(List<ModelSpec> candidates) {
        Map<String, DeploymentHealth> known = new HashMap<>();
        health.ifPresent(h -> candidates.stream().filter(m -> h.contains(m.name()))
                .forEach(m -> known.put(m.name(), h.health(m.name()))));
        return DeploymentSelector.order(candidates, options.loadBalancing(), known, options.weights(), random);
    }

    private Optional<Tier> tierOf(ModelSpec model) {
        for (Tier t : Tier.values()) {
            if (tiers.getOrDefault(t, List.of()).contains(model)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
