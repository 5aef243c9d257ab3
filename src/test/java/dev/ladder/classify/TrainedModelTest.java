package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedModelTest {

    @TempDir
    Path dir;

    /** Arithmetic word problems fail the cheap model, greetings do not. */
    private static TrainingSet toySet(List<double[]> labelsOut) {
        List<ChatRequest> requests = new ArrayList<>();
        double[] labels = new double[40];
        for (int i = 0; i < 20; i++) {
            requests.add(Requests.user("A train leaves at " + (i + 3) + " pm going " + (40 + i) + " km/h; another "
                    + "leaves " + i + " hours later at " + (60 + i) + " km/h. When does it catch up? Show the steps."));
            labels[i] = 1;
            requests.add(Requests.user("Hi there, how are you today, friend number " + i + "?"));
        }
        double[] ordered = new double[40];
        for (int i = 0; i < 20; i++) {
            ordered[2 * i] = 1;
        }
        labelsOut.add(ordered);
        return TrainingSet.extract(TrainingSpec.DEFAULTS.withL2(1e-2), requests);
    }

    @Test
    void learnsToSeparateWhatTheCheapModelFailsOnAndIsDeterministic() {
        List<double[]> labels = new ArrayList<>();
        TrainingSet set = toySet(labels);
        TrainedModel a = set.fit(labels.getFirst());
        TrainedModel b = set.fit(labels.getFirst());

        double hard = a.predict(Requests.user("A car leaves at 9 am at 50 km/h and a bus at 10 am at 70 km/h. "
                + "When does the bus catch up? Show the steps."));
        double easy = a.predict(Requests.user("Hi, how are you?"));
        assertThat(hard).isGreaterThan(0.5);
        assertThat(easy).isLessThan(0.5);
        assertThat(b.toJson()).isEqualTo(a.toJson());
    }

    @Test
    void aModelFileRoundTripsAndClassifiesIntoTiersByItsThresholds() {
        List<double[]> labels = new ArrayList<>();
        TrainedModel fitted = toySet(labels).fit(labels.getFirst());
        ChatRequest r = Requests.user("If 3 pencils cost 45 cents, what do 7 cost? Show the steps.");
        ChatRequest hi = Requests.user("Hi, how are you?");
        double between = (fitted.predict(r) + fitted.predict(hi)) / 2;
        TrainedModel model = fitted.withThresholds(between, between);
        Path file = dir.resolve("m.json");
        model.write(file);
        TrainedModel loaded = TrainedModel.load(file);

        assertThat(loaded.predict(r)).isCloseTo(model.predict(r), within(1e-12));
        assertThat(loaded.toJson()).isEqualTo(model.toJson());
        TrainedClassifier classifier = new TrainedClassifier(loaded);
        assertThat(classifier.classify(hi).tier()).isEqualTo(Tier.SIMPLE);
        assertThat(classifier.classify(r).tier()).isEqualTo(Tier.COMPLEX);
        assertThat(classifier.classify(r).features()).containsKeys("score", "text.log_chars", "heuristic.length");
    }

    /** The classifier reports the row's dense entries by name (0 for those it lacks) and the model's score. */
    @Test
    void theClassifiersFeaturesAreTheRowsDenseEntriesAndTheScore() {
        TrainedModel model = TrainedModel.loadDefault();
        ChatRequest r = Requests.user("Review this design: orders go to a ledger, replicated to two regions. "
                + "List the failure modes step by step, then compare two fixes.");
        FeatureSpace space = model.space();
        SparseRow row = space.extract(r);
        Map<String, Double> expected = new HashMap<>();
        for (int j = 0; j < space.dimension(); j++) {
            if (space.isDense(j)) {
                expected.put(space.featureName(j), 0.0);
            }
        }
        for (int i = 0; i < row.indices().length; i++) {
            if (space.isDense(row.indices()[i])) {
                expected.merge(space.featureName(row.indices()[i]), row.values()[i], Double::sum);
            }
        }
        expected.put("score", model.predict(r));

        assertThat(expected).hasSize(10 + 16 + 1).containsValue(0.0);
        assertThat(new TrainedClassifier(model).classify(r).features()).isEqualTo(expected);
    }

    /**
     * Two tasks whose base rates differ (task "often" fails 3 in 4, task "rarely" 1 in 4) and within each the same
     * word marks the failures: with a per-task intercept the word carries the ranking, not the task's own words,
     * the mean prediction is the overall rate, and the recipe survives the model file.
     */
    @Test
    void perTaskInterceptsAreFittedThenDroppedAndTheProbabilityKeepsTheOverallRate() {
        List<ChatRequest> requests = new ArrayList<>();
        double[] labels = new double[80];
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean often = i < 40;
            boolean fails = often ? i % 4 != 0 : i % 4 == 0;
            requests.add(Requests.user((often ? "often " : "rarely ") + (fails ? "tricky" : "simple") + " case " + i));
            labels[i] = fails ? 1 : 0;
            tasks.add(often ? "often" : "rarely");
        }
        TrainingSpec recipe = TrainingSpec.DEFAULTS.withBlocks(List.of("words")).withL2(1e-2).withTasks(true, true);
        TrainingSet set = TrainingSet.extract(recipe, requests);

        TrainedModel model = set.fit(labels, tasks);

        double mean = 0;
        for (int i = 0; i < 80; i++) {
            mean += set.predict(model, i) / 80;
        }
        assertThat(mean).isCloseTo(0.5, within(1e-6));
        assertThat(model.predict(Requests.user("rarely tricky case 99")))
                .isGreaterThan(model.predict(Requests.user("often simple case 98")));
        Path file = dir.resolve("shift.json");
        model.write(file);
        assertThat(TrainedModel.load(file).spec()).isEqualTo(recipe);
    }

    @Test
    void loadingRefusesNewerVersionsUnknownBlocksAndBrokenFilesWithAReason() throws IOException {
        List<double[]> labels = new ArrayList<>();
        ObjectNode json = toySet(labels).fit(labels.getFirst()).toJson();

        ObjectNode newer = json.deepCopy().put("version", TrainedModel.VERSION + 1);
        Files.writeString(dir.resolve("newer.json"), newer.toString());
        assertThatThrownBy(() -> TrainedModel.load(dir.resolve("newer.json")))
                .hasMessageContaining("newer.json").hasMessageContaining("version 2 is not supported");

        ObjectNode unknown = json.deepCopy();
        ((ObjectNode) unknown.withArray("/features/blocks").get(0)).put("name", "embedding");
        Files.writeString(dir.resolve("unknown.json"), unknown.toString());
        assertThatThrownBy(() -> TrainedModel.load(dir.resolve("unknown.json")))
                .hasMessageContaining("unknown feature block 'embedding'");

        Files.writeString(dir.resolve("junk.json"), "{not json");
        assertThatThrownBy(() -> TrainedModel.load(dir.resolve("junk.json"))).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> TrainedModel.load(dir.resolve("missing.json"))).hasMessageContaining("no such file");
    }

    @Test
    void theShippedModelLoadsAndSaysWhatItWasTrainedOn() {
        TrainedModel shipped = TrainedModel.loadDefault();

        assertThat(shipped.training().path("rows").asInt()).isGreaterThan(10_000);
        assertThat(shipped.training().path("attribution").asText()).contains("RouteLLM").contains("Apache-2.0");
        assertThat(shipped.training().path("metrics").path("apgr").asDouble()).isGreaterThan(0.6);
        assertThat(shipped.mediumAt()).isLessThan(shipped.complexAt());
    }

    @Test
    void hashedTokensTreatEveryNumberAlikeAndSymbolsAsTokens() {
        assertThat(HashedNgramBlock.tokens("Pay $3,500.25 for 2 apples?"))
                .containsExactly("pay", "$", "<num>", "for", "<num>", "apples", "?");
    }
}
