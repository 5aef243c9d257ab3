package dev.ladder.providers;

import java.util.Locale;
import java.util.Optional;

/** The wire format a provider speaks. */
public enum ProviderKind {
    /** OpenAI's chat-completions API and everything compatible with it (DeepSeek, Mistral, Groq, vLLM, Ollama, ...). */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC,
    /** Ladder's built-in simulated upstream, in process. */
    SIMULATED;

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
