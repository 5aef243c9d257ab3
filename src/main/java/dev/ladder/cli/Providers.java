package dev.ladder.cli;

import dev.ladder.config.LadderConfig;
import dev.ladder.pipeline.Provider;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.anthropic.AnthropicProvider;
import dev.ladder.providers.azure.AzureOpenAi;
import dev.ladder.providers.gemini.GeminiProvider;
import dev.ladder.providers.openai.OpenAiProvider;
import dev.ladder.providers.simulated.SimulatedProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one provider per configured provider, by wire format. */
final class Providers {

    private Providers() {
    }

    static Map<String, Provider> create(LadderConfig config) {
        Map<String, Provider> out = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            out.put(p.name(), switch (p.kind()) {
                case OPENAI -> new OpenAiProvider(p);
                case ANTHROPIC -> new AnthropicProvider(p);
                case AZURE -> AzureOpenAi.create(p);
                case GEMINI -> new GeminiProvider(p);
                case SIMULATED -> new SimulatedProvider(p);
            });
        }
        return out;
    }
}
