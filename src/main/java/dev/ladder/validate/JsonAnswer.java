package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON text of an answer. Models often wrap JSON in a Markdown fence (```json ... ```) although they
 * were asked for bare JSON; a fence around the whole answer is removed once, and {@link #fenced()} says so
 * (a client that parses the content directly would still choke on it: the cascade may put {@link #json()}
 * in its place). Text around a fence is not removed: that answer is not JSON.
 */
public record JsonAnswer(String json, boolean fenced) {

    private static final Pattern FENCE = Pattern.compile("\\A```[ \\t]*(?:json|JSON|json5)?[ \\t]*\\R(.*?)\\R?```\\z",
            Pattern.DOTALL);

    public JsonAnswer {
        requireNonNull(json, "json is null");
    }

    /** The answer's text without surrounding white space and without one enclosing fence. */
    public static JsonAnswer of(String content) {
        String text = content.strip();
        Matcher m = FENCE.matcher(text);
        return m.matches() ? new JsonAnswer(m.group(1).strip(), true) : new JsonAnswer(text, false);
    }
}
