package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval, train, calibrate and audit from the command line on a small labelled file: outputs and error paths. */
class OfflineCommandsTest {

    @TempDir
    Path dir;

    private Path csv;

    /** 60 prompts: word problems the weak model gets wrong (the strong right), chit-chat both get right. */
    @BeforeEach
    void writeData() throws IOException {
        StringBuilder b = new StringBuilder("prompt,weak,strong\n");
        for (int i = 0; i < 30; i++) {
            b.append('"').append("A tank holds ").append(100 + i).append(" litres and leaks ").append(3 + i % 5)
                    .append(" litres per hour while a pump adds ").append(i % 7 + 1)
                    .append(" litres every 2 hours. After how many hours is it empty? Show the steps.\",False,True\n");
            b.append("\"Hi! Say hello back to me, friend ").append(i).append(".\",True,True\n");
        }
        csv = Files.writeString(dir.resolve("toy.csv"), b);
    }

    private static void assertOneLineError(CliRun run, String... fragments) {
        assertThat(run.exit()).as(run.err()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("ladder: ");
        for (String f : fragments) {
            assertThat(run.err()).contains(f);
        }
    }

    @Test
    void evalPrintsOneJsonObjectPerRouterWithTheCurveAndWritesAChartAndReport() throws IOException {
        CliRun run = CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--router", "heuristic", "--json", "--steps", "20", "--out", dir.resolve("out").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> objects = run.out().lines().map(l -> {
            try {
                return Json.read(l);
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(objects).extracting(o -> o.path("router").asText()).containsExactly("heuristic", "random", "oracle");
        JsonNode oracle = objects.get(2);
        assertThat(oracle.path("n").asInt()).isEqualTo(60);
        assertThat(oracle.path("weak").asDouble()).isEqualTo(0.5);
        assertThat(oracle.path("strong").asDouble()).isEqualTo(1.0);
        assertThat(oracle.path("cpt50").asDouble()).isEqualTo(0.25);
        assertThat(oracle.path("curve")).hasSize(21);
        assertThat(oracle.path("curve").get(10).get(0).asDouble()).isEqualTo(0.5);
        assertThat(objects.get(1).path("apgr").asDouble()).isEqualTo(0.5);
        BufferedImage chart = ImageIO.read(dir.resolve("out/chart.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(400);
        assertThat(Files.readString(dir.resolve("out/report.html"))).contains("<img src=\"chart.png\"").contains("APGR");
    }

    @Test
    void trainWritesAModelThatEvalScoresAndCalibrateSetsThresholdsFor() throws IOException {
        Path model = dir.resolve("model.json");
        CliRun train = CliRun.of("train", "--data", csv.toString(), "--weak", "weak", "--strong", "strong", "--out",
                model.toString(), "--l2", "0.01");
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.out()).contains("wrote").contains("60 rows, 30 positive");
        JsonNode file = Json.read(Files.readString(model));
        assertThat(file.path("format").asText()).isEqualTo("ladder-router");
        assertThat(file.path("training").path("files").get(0).asText()).endsWith("toy.csv");
        assertThat(file.path("training").path("command").asText()).startsWith("ladder train --data");

        CliRun eval = CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong", "--router",
                model.toString());
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(model.toString()).contains("as is");

        CliRun calibrate = CliRun.of("calibrate", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--router", model.toString(), "--target-strong-share", "0.5", "--write-model",
                dir.resolve("calibrated.json").toString());
        assertThat(calibrate.exit()).as(calibrate.err()).isZero();
        assertThat(calibrate.out()).contains("50.0 % of calls strong").contains("quality 1.0000");
        assertThat(Files.exists(dir.resolve("calibrated.json"))).isTrue();

        CliRun heuristic = CliRun.of("calibrate", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--router", "heuristic", "--target-quality", "0.75");
        assertThat(heuristic.exit()).as(heuristic.err()).isZero();
        assertThat(heuristic.out()).contains("routing:\n  heuristic:\n    thresholds: {medium: ");
    }

    @Test
    void calibrateSetsAValidatorThresholdFromAScoreColumn() throws IOException {
        Path scored = Files.writeString(dir.resolve("selfeval.csv"),
                "prompt,weak,strong,self_eval\na,True,True,9\nb,False,True,3\nc,True,True,8\nd,False,True,4\n");

        CliRun run = CliRun.of("calibrate", "--data", scored.toString(), "--weak", "weak", "--strong", "strong",
                "--score-column", "self_eval", "--target-quality", "1.0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("keep the cheap answer when self_eval >= 8: escalates 50.0 % of calls");
    }

    @Test
    void evalErrorsAreOneLineAndNonZero() {
        assertOneLineError(CliRun.of("eval", "--data", dir.resolve("missing.csv").toString(), "--weak", "weak",
                "--strong", "strong"), "missing.csv: no such file");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "nope", "--strong", "strong"),
                "no column 'nope'");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--router", "magic"), "unknown router 'magic'");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--folds", "1"), "--folds must be at least 2");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--folds", "2", "--train", csv.toString()), "exclude each other");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--steps", "5"), "--steps must be at least 20");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--strong", "strong"), "--weak");
        assertOneLineError(CliRun.of("eval", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--exclude", dir.resolve("none.jsonl").toString()), "none.jsonl: no such file");
    }

    @Test
    void trainCalibrateAuditAndReplayErrorsAreOneLineAndNonZero() throws IOException {
        assertOneLineError(CliRun.of("train", "--data", csv.toString(), "--out", dir.resolve("m.json").toString()),
                "--data needs --weak COL and --strong COL");
        assertOneLineError(CliRun.of("train", "--data", csv.toString(), "--db", dir.toString(), "--out", "m.json"),
                "mutually exclusive");
        assertOneLineError(CliRun.of("train", "--db", dir.toString(), "--out", "m.json"), "no such decision log");
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), "prompt,weak,strong\na,True,True\nb,False,True\n");
        assertOneLineError(CliRun.of("train", "--data", tiny.toString(), "--weak", "weak", "--strong", "strong",
                "--out", dir.resolve("m.json").toString()), "cannot train on 2 rows");
        assertOneLineError(CliRun.of("calibrate", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--target-strong-share", "1.5", "--router", "heuristic"), "within 0..1");
        assertOneLineError(CliRun.of("calibrate", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--target-quality", "0.9", "--router", "oracle"), "has no threshold");
        assertOneLineError(CliRun.of("calibrate", "--data", csv.toString(), "--weak", "weak", "--strong", "strong",
                "--target-quality", "1.5", "--router", "heuristic"), "no strong share reaches quality 1.5");
        assertOneLineError(CliRun.of("audit", "--log", dir.resolve("none.jsonl").toString()), "no such file");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"messages\": []}\n");
        assertOneLineError(CliRun.of("audit", "--log", bad.toString()), "bad.jsonl: line 1");
        Path log = Files.writeString(dir.resolve("ok.jsonl"), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n");
        Path badConfig = Files.writeString(dir.resolve("bad.yaml"), "providers: {}\n");
        assertOneLineError(CliRun.of("audit", "--log", log.toString(), "--config", badConfig.toString()), "bad.yaml");
        assertOneLineError(CliRun.of("audit", "--log", log.toString(), "--router", "nope.json"), "--router nope.json");
        assertOneLineError(CliRun.of("replay", "--db", dir.resolve("x").toString(), "--config", badConfig.toString()),
                "bad.yaml");
        Path demo = Files.writeString(dir.resolve("demo.yaml"), new String(
                Main.class.getResourceAsStream("/dev/ladder/demo.yaml").readAllBytes()));
        assertOneLineError(CliRun.of("replay", "--db", dir.resolve("x").toString(), "--config", demo.toString()),
                "no such decision log");
    }

    @Test
    void multiModelModePrintsTheFrontierAndChecksItsOptions() throws IOException {
        Path three = Files.writeString(dir.resolve("three.csv"), Files.readString(csv).replaceFirst(
                "prompt,weak,strong", "prompt,a,c").replaceAll("(True|False),(True|False)\n", "$1,$1,$2\n")
                .replaceFirst("prompt,a,c", "prompt,a,b,c"));

        CliRun run = CliRun.of("eval", "--data", three.toString(), "--models", "a,b,c", "--prices", "1,2,10",
                "--router", "heuristic", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode frontier = Json.read(run.out().strip());
        assertThat(frontier.path("models")).hasSize(3);
        assertThat(frontier.path("frontier").get(0).get(0).asDouble()).isEqualTo(1.0);

        assertOneLineError(CliRun.of("eval", "--data", three.toString(), "--models", "a,b,c"), "--costs");
        assertOneLineError(CliRun.of("eval", "--data", three.toString(), "--models", "a,b", "--prices", "1,2"),
                "three columns");
    }

    @Test
    void auditClassifiesATrafficLogAndPricesItAgainstAllFrontier() throws IOException {
        Path log = Files.writeString(dir.resolve("traffic.jsonl"), """
                {"request": {"messages": [{"role": "user", "content": "hi"}]}, "feature": "chat", "usage": {"prompt_tokens": 1000000, "completion_tokens": 0}}
                {"model": "ladder/auto", "messages": [{"role": "user", "content": "Prove that there are infinitely many primes, step by step, and explain why the proof works."}], "max_tokens": 10}
                """);

        CliRun run = CliRun.of("audit", "--log", log.toString(), "--json", "--out", dir.resolve("a").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode audit = Json.read(run.out().strip());
        JsonNode chat = audit.path("features").path("chat");
        assertThat(chat.path("tiers").path("simple").asInt()).isEqualTo(1);
        // one million prompt tokens at the demo's sim-small (0.15) against sim-large (2.50) USD per million
        assertThat(chat.path("cost_usd").asDouble()).isEqualTo(0.15);
        assertThat(chat.path("frontier_cost_usd").asDouble()).isEqualTo(2.50);
        assertThat(audit.path("total").path("requests").asInt()).isEqualTo(2);
        assertThat(audit.path("features").has("(none)")).isTrue();
        assertThat(ImageIO.read(dir.resolve("a/tiers.png").toFile())).isNotNull();
        assertThat(Files.readString(dir.resolve("a/report.html"))).contains("tiers.png");
    }
}
