package dev.ladder.model;

/** Token usage of one upstream answer, as reported by the provider (or counted, see {@code counted}). */
public record Usage(int promptTokens, int completionTokens, boolean counted) {

    public static final Usage ZERO = new Usage(0, 0, false);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, false);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                counted || other.counted);
    }
}
