package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cache-eval on a tiny synthetic TSV, through the real embedding model and guard. */
@Tag("slow")
class CacheEvalCommandTest {

    @TempDir
    Path dir;

    @Test
    void scores_pairs_through_the_semantic_cache_and_writes_json_and_a_chart() throws Exception {
        Path tsv = dir.resolve("pairs.tsv");
        Files.writeString(tsv, String.join("\n",
                "text_a\ttext_b\tlabel",
                "How do I reset my password?\tHow can I reset my password?\t1",
                "What is the capital of France?\tWhat's the capital of France?\t1",
                "Care for a 2 month old puppy?\tCare for a 6 month old puppy?\t0",
                "How do I learn Java?\tHow do I learn Python?\t0",
                "Why is the sky blue?\tHow do volcanoes erupt?\t0",
                "word ".repeat(200) + "cats\t" + "word ".repeat(200) + "dogs\t0") + "\n");

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("cache-eval", "--pairs", tsv.toString(), "--json", "--out", dir.resolve("out").toString(),
                    "--threshold", "0.9");
        } finally {
            System.setOut(stdout);
        }

        assertThat(code).isZero();
        JsonNode report = Json.read(captured.toString(StandardCharsets.UTF_8));
        assertThat(report.get("threshold_default").asDouble()).isEqualTo(0.9);
        assertThat(report.get("pairs").asInt()).isEqualTo(6);
        assertThat(report.get("not_matchable").asInt()).as("the long pair is never matched").isEqualTo(1);
        JsonNode d = report.get("at_default");
        assertThat(d.get("recall").asDouble()).isEqualTo(1.0);
        assertThat(d.get("false_hit_rate").asDouble()).as("number, name and unrelated pairs all miss").isZero();
        assertThat(d.get("precision").asDouble()).isEqualTo(1.0);
        assertThat(report.get("sweep")).hasSizeGreaterThan(30);
        assertThat(report.get("sweep").get(0).has("false_hit_rate")).isTrue();
        assertThat(dir.resolve("out/cache-eval.json")).exists();
        assertThat(Files.readAllBytes(dir.resolve("out/cache-eval.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void splits_take_alternate_data_lines() throws Exception {
        Path tsv = dir.resolve("p.tsv");
        Files.writeString(tsv, "a\tb\t1\nc\td\t0\ne\tf\t1\n");

        assertThat(CacheEvalCommand.read(tsv, "even")).extracting(r -> r[0]).containsExactly("a", "e");
        assertThat(CacheEvalCommand.read(tsv, "odd")).extracting(r -> r[0]).containsExactly("c");
        assertThat(CacheEvalCommand.read(tsv, "all")).hasSize(3);
    }
}
