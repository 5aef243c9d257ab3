package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays recorded prompts through a real request path (the gateway's, built from a policy config, with a
 * {@link RecordedProvider} behind every model): classification, routing, the strategy, validators that run on
 * answers (consensus among them), escalation. Each replayed request pays for every recorded call it made: the
 * data's cost of that model's answer, or, where the data has no costs, the call priced at the model's price.
 * Its quality is the recorded score of the model whose answer it returned (0 when nothing answered).
 */
public final class PolicyReplay {

    /**
     * What one replayed request did: who answered, its quality and cost, the calls' models, how often it moved
     * up, and whether the route started it at the frontier tier.
     */
    public record Outcome(Optional<String> answeredBy, double quality, double cost, List<String> calls,
            int escalations, boolean startedAtFrontier) {
        public Outcome {
            requireNonNull(answeredBy, "answeredBy is null");
            calls = List.copyOf(calls);
        }
    }

    private final Pipeline path;
    private final RecordedProvider provider;
    private final Map<String, ModelSpec> models;
    private final Map<String, String> columns;
    private final Price baselinePrice;
    private final String alias;

    /**
     * @param models the policy's models by name
     * @param columns each model's data column (its upstream model name unless the config says otherwise)
     */
    public PolicyReplay(Pipeline path, RecordedProvider provider, Map<String, ModelSpec> models,
            Map<String, String> columns, Price baselinePrice, String alias) {
        this.path = requireNonNull(path, "path is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.models = Map.copyOf(models);
        this.columns = Map.copyOf(columns);
        this.baselinePrice = requireNonNull(baselinePrice, "baselinePrice is null");
        this.alias = requireNonNull(alias, "alias is null");
    }

    /** Replays {@code run} as a request with feature tag {@code feature} (which a policy's rules may match). */
    public Outcome replay(RecordedRuns.Run run, Optional<String> feature) {
        provider.replaying(run);
        AtomicReference<RequestRecord> record = new AtomicReference<>();
        CountDownLatch emitted = new CountDownLatch(1);
        GatewayEvents capture = new GatewayEvents() {
            @Override
            public void completed(RequestRecord r) {
                record.set(r);
                emitted.countDown();
            }
        };
        RequestContext context = new RequestContext(Optional.empty(), Optional.empty(), feature, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        Exchange exchange = new Exchange("replay", request(run.prompt()), context, capture, InstantSource.system(),
                baselinePrice);
        try {
            Reply reply = path.execute(exchange);
            if (reply instanceof Reply.Streaming s) {
                s.stream().close();
            }
            exchange.finish(200, Optional.empty());
        } catch (LadderException e) {
            exchange.finish(502, Optional.of(e.failure()));
        }
        RequestRecord r = awaitRecord(record, emitted);
        Optional<String> answered = r.model().filter(m -> r.succeeded());
        double quality = answered.map(m -> recorded(run, m).map(RecordedRuns.Recorded::score).orElse(0.0))
                .orElse(0.0);
        double cost = 0;
        for (Attempt a : r.attempts()) {
            cost += recorded(run, a.model()).flatMap(x -> x.cost().isPresent()
                    ? Optional.of(x.cost().getAsDouble()) : Optional.<Double>empty()).orElse(a.costUsd());
        }
        return new Outcome(answered, quality, cost, r.attempts().stream().map(Attempt::model).toList(),
                r.escalations(), r.routedTier().filter(t -> t == dev.ladder.model.Tier.COMPLEX).isPresent());
    }

    private Optional<RecordedRuns.Recorded> recorded(RecordedRuns.Run run, String model) {
        String column = columns.getOrDefault(model, Optional.ofNullable(models.get(model)).map(ModelSpec::upstreamModel)
                .orElse(model));
        return Optional.ofNullable(run.answers().get(column));
    }

    /** The record is emitted once every attempt settled (a race's loser may settle just after the answer). */
    private static RequestRecord awaitRecord(AtomicReference<RequestRecord> record, CountDownLatch emitted) {
        try {
            if (!emitted.await(30, TimeUnit.SECONDS)) {
                throw new EvalException("a replayed request never settled its attempts");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted while waiting for a replayed request");
        }
        return record.get();
    }

    private ChatRequest request(String prompt) {
        ObjectNode body = Json.object().put("model", alias);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return OpenAiRequests.parse(body);
    }
}
