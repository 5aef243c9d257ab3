package dev.ladder.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prompts to drop before evaluating (contamination lists): JSONL, one per line, each a JSON string or an object
 * whose {@code eval_prompt} (RouteLLM's contamination lists) or {@code prompt} field is the prompt. Matching is
 * exact, as RouteLLM's is.
 */
public final class Exclusions {

    private Exclusions() {
    }

    public static Set<String> load(List<Path> files) {
        Set<String> prompts = new HashSet<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new EvalException(file + ": no such file");
            } catch (IOException e) {
                throw new EvalException(file + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty()) {
                    prompts.add(prompt(line, file, i + 1));
                }
            }
        }
        return prompts;
    }

    private static String prompt(String line, Path file, int number) {
        JsonNode n;
        try {
            n = Json.read(line);
        } catch (IOException e) {
            throw new EvalException(file + ": line " + number + " is not JSON");
        }
        if (n.isTextual()) {
            return n.asText();
        }
        for (String field : List.of("eval_prompt", "prompt")) {
            if (n.path(field).isTextual()) {
                return n.path(field).asText();
            }
        }
        throw new EvalException(file + ": line " + number + " has neither an 'eval_prompt' nor a 'prompt' string");
    }
}
