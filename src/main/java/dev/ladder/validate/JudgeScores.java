package dev.ladder.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 1-10 rating out of what a judging model said: "8", "8/10", "Score: 8", "Rating: 7 out of 10",
 * {@code {"score": 8}}, with or without a sentence around it. Anything else, or a number outside 1..10, is no
 * rating at all: a judge that rambles is not trusted.
 */
final class JudgeScores {

    private static final String VALUE = "(10(?:\\.0+)?|[1-9](?:\\.\\d+)?)";
    private static final List<Pattern> FORMS = List.of(
            Pattern.compile("\\A\\W*" + VALUE + "\\W*\\z"),
            Pattern.compile("(?<![\\d.])" + VALUE + "\\s*(?:/|out of)\\s*10\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:score|rating|grade|rate it|i rate this|i'd rate this)\\s*(?:is|of|:|=)?\\s*\\**"
                    + VALUE + "(?![\\d.]*\\d)", Pattern.CASE_INSENSITIVE));
    private static final List<String> FIELDS = List.of("score", "rating", "grade");

    private JudgeScores() {
    }

    static OptionalDouble parse(String said) {
        String text = JsonAnswer.of(said).json();
        if (text.startsWith("{")) {
            return fromJson(text);
        }
        for (Pattern form : FORMS) {
            Matcher m = form.matcher(text);
            if (m.find()) {
                return OptionalDouble.of(Double.parseDouble(m.group(1)));
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble fromJson(String text) {
        try {
            JsonNode root = Json.read(text);
            for (String field : FIELDS) {
                JsonNode v = root.path(field);
                if (v.isNumber() || v.isTextual()) {
                    return parse(v.asText());
                }
            }
        } catch (JsonProcessingException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }
}
