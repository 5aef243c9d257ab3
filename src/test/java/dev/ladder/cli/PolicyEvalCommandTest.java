package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.testing.Required;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder eval --config POLICY --data FILE --json}: whole policies replayed on recorded answers (issue 12). */
class PolicyEvalCommandTest {

    @TempDir
    Path dir;

    static final String POLICY = """
            providers:
              hosted: {kind: openai, base_url: "http://127.0.0.1:9/v1"}
            models:
              cheap: {provider: hosted, model: cheap-col, price: {input: 0.1, output: 0.1}}
              peer:  {provider: hosted, model: peer-col, price: {input: 0.2, output: 0.2}}
              big:   {provider: hosted, model: big-col, price: {input: 10, output: 30}}
            tiers: {simple: [cheap], medium: [big], complex: [big]}
            routing:
              strategy: cascade
            validation:
              defaults:
                validators:
                  refusal:
                  consensus: {models: [peer]}
            """;

    /** Four multiple-choice prompts: cheap and peer agree on two (one of them wrongly), disagree on two. */
    static final String DATA = """
            sample_id,prompt,eval_name,cheap-col,peer-col,big-col,cheap-col|model_response,peer-col|model_response,big-col|model_response,cheap-col|total_cost,peer-col|total_cost,big-col|total_cost
            1,"['Pick one\\nA) a\\nB) b']",quiz,1.0,1.0,1.0,['A'],['A'],['A'],0.001,0.002,0.1
            2,"['Pick one\\nA) a\\nB) b']",quiz,0.0,0.0,1.0,['B'],['B'],['A'],0.001,0.002,0.1
            3,"['Pick one\\nA) a\\nB) b']",quiz,0.0,1.0,1.0,['B'],['A'],['A'],0.001,0.002,0.1
            4,"['Pick one\\nA) a\\nB) b']",quiz,1.0,0.0,0.0,['A'],['B'],['B'],0.001,0.002,0.1
            """;

    @Test
    void eachOperatingPointIsOneJsonLineAndTheShippedPolicyPaysForEveryCallItMade() throws IOException {
        Path policy = Files.writeString(dir.resolve("quiz-policy.yaml"), POLICY);
        Path data = Files.writeString(dir.resolve("quiz.csv"), DATA);

        CliRun run = CliRun.of("eval", "--config", policy.toString(), "--data", data.toString(), "--json",
                "--steps", "4");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> points = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            points.add(Json.read(line));
        }
        assertThat(points).hasSize(6).allSatisfy(p -> assertThat(p.fieldNames()).toIterable()
                .contains("policy", "task", "threshold", "quality", "cost"));
        assertThat(points).filteredOn(p -> p.path("shipped").asBoolean()).hasSize(1);
        JsonNode shipped = points.get(1);
        assertThat(shipped.path("policy").asText()).isEqualTo("quiz-policy");
        assertThat(shipped.path("task").asText()).isEqualTo("quiz");
        assertThat(shipped.path("threshold").isNull()).isTrue();
        // prompts 1, 2 agree (cheap answers: 1 + 0); 3, 4 disagree (big answers: 1 + 0) -> quality 0.5
        assertThat(shipped.path("quality").asDouble()).isEqualTo(0.5);
        // every prompt pays cheap + peer; the two disagreements pay big too
        assertThat(shipped.path("cost").asDouble()).isCloseTo(4 * 0.003 + 2 * 0.1,
                org.assertj.core.data.Offset.offset(1e-9));
        JsonNode allFrontier = points.getLast();
        assertThat(allFrontier.path("frontier_share").asDouble()).isEqualTo(1.0);
        assertThat(allFrontier.path("quality").asDouble()).isEqualTo(0.75);
        assertThat(allFrontier.path("cost").asDouble()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aTierModelTheDataDoesNotRecordIsAClearError() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.yaml"), POLICY.replace("model: big-col", "model: gpt-9"));
        Path data = Files.writeString(dir.resolve("quiz.csv"), DATA);

        CliRun run = CliRun.of("eval", "--config", policy.toString(), "--data", data.toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("tiers.medium").contains("gpt-9").contains("does not record");
    }

    /**
     * Issue 12's acceptance on RouterBench (read from ../shared, never copied): on ARC-Challenge the shipped
     * policy reaches >= 98 % of GPT-4's accuracy at <= 35 % of its cost, and on no task is it below the random mix
     * of the cheapest and the frontier model at the same cost. The numbers are in docs/eval.md.
     */
    @Test
    @Tag("slow")
    void theShippedRouterBenchPolicyHoldsOnEveryTask() throws IOException {
        Path arc = Required.sharedData("routerbench/arc_challenge_train.csv");
        Path mbpp = Required.sharedData("routerbench/mbpp_train.csv");

        CliRun run = CliRun.of("eval", "--config", "docs/examples/routerbench-policy.yaml", "--data", arc.toString(),
                mbpp.toString(), "--json", "--steps", "10");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> shipped = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            JsonNode p = Json.read(line);
            if (p.path("shipped").asBoolean()) {
                shipped.add(p);
            }
        }
        assertThat(shipped).extracting(p -> p.path("task").asText()).containsExactly("arc-challenge", "mbpp");
        JsonNode onArc = shipped.getFirst();
        assertThat(onArc.path("quality_vs_frontier").asDouble()).isGreaterThanOrEqualTo(0.98);
        assertThat(onArc.path("cost_vs_frontier").asDouble()).isLessThanOrEqualTo(0.35);
        assertThat(shipped).allSatisfy(p -> assertThat(p.path("quality").asDouble())
                .as(p.path("task").asText()).isGreaterThanOrEqualTo(p.path("random_mix_quality").asDouble()));
    }
}
