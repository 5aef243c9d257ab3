package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.classify.Classifier;
import dev.ladder.classify.ClassifierSpec;
import dev.ladder.classify.RoutingRule;
import dev.ladder.config.LadderConfig;
import dev.ladder.config.ResilienceConfig;
import dev.ladder.eval.EvalException;
import dev.ladder.eval.PolicyReplay;
import dev.ladder.eval.PolicyReport;
import dev.ladder.eval.PolicySweep;
import dev.ladder.eval.RecordedProvider;
import dev.ladder.eval.RecordedRuns;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Provider;
import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.RetryConfig;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ladder eval --config POLICY --data FILE...}: replays recorded multi-model data through the request path
 * a policy config builds (its classifiers, tiers, strategy and validators), each model answering what the data
 * recorded for it, and reports per task the policy's quality and cost against every single model, the random
 * mix of the cheapest and the frontier model, and the oracle, for a sweep of the classifier threshold that sends
 * prompts straight to the frontier tier. Tasks are scored one at a time; a policy's trained classifier must not
 * have seen the task it is scored on (the shipped one was trained on RouteLLM's MMLU and GSM8K only).
 */
final class PolicyEval {

    static final String CHEAP_START = "ladder-replay-cheap-start";
    static final String FRONTIER_START = "ladder-replay-frontier-start";

    private PolicyEval() {
    }

    static int run(Path configFile, List<Path> data, boolean json, Optional<Path> out, int steps, PrintWriter stdout) {
        LadderConfig policy = Configs.load(configFile);
        String name = configFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<RecordedRuns.Run> runs = RecordedRuns.read(data);
        Set<String> columns = RecordedRuns.models(runs);
        Map<String, String> columnOf = new LinkedHashMap<>();
        for (ModelSpec m : policy.models().values()) {
            columnOf.put(m.name(), m.upstreamModel());
        }
        List<String> tierColumns = new ArrayList<>();
        for (Tier t : Tier.values()) {
            for (ModelSpec m : policy.tierModels(t)) {
                if (!columns.contains(m.upstreamModel())) {
                    throw new EvalException("tiers." + t.wireName() + ": model '" + m.name() + "' answers as '"
                            + m.upstreamModel() + "', which the data does not record; recorded: " + columns);
                }
                if (!tierColumns.contains(m.upstreamModel())) {
                    tierColumns.add(m.upstreamModel());
                }
            }
        }
        // the single-model baselines: the tiers' models, then the others the policy asks (a consensus' peers)
        for (ModelSpec m : policy.models().values()) {
            if (columns.contains(m.upstreamModel()) && !tierColumns.contains(m.upstreamModel())) {
                tierColumns.add(m.upstreamModel());
            }
        }
        String frontier = policy.baselineModel().upstreamModel();
        RecordedProvider recorded = new RecordedProvider(columnOf);
        LadderConfig replay = replayable(policy);
        Map<String, Provider> providers = new LinkedHashMap<>();
        replay.providers().keySet().forEach(p -> providers.put(p, recorded));
        Pipeline path = Gateway.requestPath(replay, providers, Gateway.health(replay, InstantSource.system(),
                GatewayEvents.NONE), InstantSource.system(), List.of());
        PolicyReplay replayer = new PolicyReplay(path, recorded, replay.models(), columnOf,
                policy.baselineModel().price(), replay.routing().alias());
        Classifier classifier = Gateway.classifiers(replay);

        // the policy is compared with the frontier model on the same prompts: those it has a recording for
        Map<String, List<RecordedRuns.Run>> byTask = new LinkedHashMap<>();
        Map<String, Integer> dropped = new LinkedHashMap<>();
        for (RecordedRuns.Run r : runs) {
            if (r.answers().containsKey(frontier)) {
                byTask.computeIfAbsent(r.task(), t -> new ArrayList<>()).add(r);
            } else {
                dropped.merge(r.task(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, List<RecordedRuns.Run>> task : byTask.entrySet()) {
            List<RecordedRuns.Run> rows = task.getValue();
            double[] scores = new double[rows.size()];
            List<PolicyReplay.Outcome> routed = new ArrayList<>();
            List<PolicyReplay.Outcome> cheap = new ArrayList<>();
            List<PolicyReplay.Outcome> top = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                RecordedRuns.Run r = rows.get(i);
                scores[i] = classifier.classify(request(replay.routing().alias(), r.prompt())).score();
                routed.add(replayer.replay(r, Optional.empty()));
                cheap.add(replayer.replay(r, Optional.of(CHEAP_START)));
                top.add(replayer.replay(r, Optional.of(FRONTIER_START)));
            }
            PolicySweep.Result result = PolicySweep.of(task.getKey(), scores, routed, cheap, top, rows, tierColumns, frontier,
                    steps);
            if (json) {
                PolicyReport.jsonLines(name, result).forEach(stdout::println);
            } else {
                stdout.print(PolicyReport.table(name, trainedOn(policy, task.getKey()), result));
                if (dropped.containsKey(task.getKey())) {
                    stdout.println("  (" + dropped.get(task.getKey()) + " prompts without a recording of " + frontier
                            + " left out)");
                }
            }
            if (out.isPresent()) {
                Path svg = out.get().resolve(name + "-" + task.getKey() + ".svg");
                PolicyReport.writeSvg(svg, name, result);
                write(out.get().resolve(name + "-" + task.getKey() + ".txt"),
                        PolicyReport.table(name, trainedOn(policy, task.getKey()), result));
                if (!json) {
                    stdout.println("  wrote " + svg);
                }
            }
            stdout.flush();
        }
        return 0;
    }

    /**
     * The policy as replays run it: two rules first that start a request at the cheapest or the frontier tier,
     * no retries (a missing recording is final) and breakers that never open (one prompt's missing recordings
     * must not change how the next prompt is routed).
     */
    static LadderConfig replayable(LadderConfig policy) {
        List<RoutingRule> starts = List.of(
                new RoutingRule(CHEAP_START, Set.of(CHEAP_START), Set.of(), Optional.empty(), false,
                        Optional.of(Tier.SIMPLE), Optional.empty()),
                new RoutingRule(FRONTIER_START, Set.of(FRONTIER_START), Set.of(), Optional.empty(), false,
                        Optional.of(Tier.COMPLEX), Optional.empty()));
        BreakerConfig never = new BreakerConfig(1.0, 1_000, 1_000, 0, Duration.ofSeconds(1), 1);
        return policy.withRouting(policy.routing().withRulesFirst(starts))
                .withResilience(new ResilienceConfig(never, RetryConfig.NO_RETRIES,
                        policy.resilience().preCommitDeadline()));
    }

    /** What the policy's classifiers were trained on, as the report states it. */
    private static String trainedOn(LadderConfig policy, String task) {
        boolean trained = policy.routing().classifiers().stream().anyMatch(c -> c instanceof ClassifierSpec.Trained);
        if (!trained) {
            return "no trained classifier: nothing was fitted to any task";
        }
        String t = task.toLowerCase(java.util.Locale.ROOT);
        boolean seen = t.contains("mmlu") || t.contains("gsm8k");
        return seen ? "WARNING: the shipped trained router was fitted on RouteLLM's " + task + " data"
                : "the trained router never saw this task (fitted on RouteLLM's MMLU and GSM8K)";
    }

    private static dev.ladder.model.ChatRequest request(String alias, String prompt) {
        ObjectNode body = Json.object().put("model", alias);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return OpenAiRequests.parse(body);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
