package dev.ladder.providers;

import java.util.Locale;
import java.util.Optional;

/** The wire format a provider speaks. */
public enum ProviderKind {
    /** OpenAI's chat-completions API and everything compatible with it (DeepSeek, Mistral, Groq, vLLM, Ollama, ...). */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC,
    /** Azure OpenAI: OpenAI's wire under per-deployment URLs with {@code api-version} and an {@code api-key} header. */
    AZURE,
    /** Google Gemini's native {@code generateContent} API. */
    GEMINI,
    /** Ladder's built-in simulated upstream, in process. */
    SIMULATED;

    /** The header {@code api_key} sets for this kind, lower case; empty for a kind without one. */
    public String apiKeyHeader() {
        return switch (this) {
            case OPENAI -> "authorization";
            case ANTHROPIC -> "x-api-key";
            case AZURE -> "api-key";
            case GEMINI -> "x-goog-api-key";
            case SIMULATED -> "";
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProviderKind> parse(String s) {
        for (ProviderKind k : values()) {
            if (k.wireName().equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
