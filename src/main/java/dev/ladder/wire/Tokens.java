package dev.ladder.wire;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;

/**
 * Token counting with a real BPE tokenizer (jtokkit, o200k_base as used by current OpenAI models). Used where
 * an upstream reports no usage, and by the simulated provider. The encoding loads once, on first use.
 */
public final class Tokens {

    /** Tokens OpenAI adds per message for role and separators (their cookbook's accounting). */
    private static final int PER_MESSAGE_OVERHEAD = 3;
    private static final int REPLY_PRIMING = 3;

    private Tokens() {
    }

    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    public static Encoding encoding() {
        return Holder.ENCODING;
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : Holder.ENCODING.countTokensOrdinary(text);
    }

    /** Prompt tokens of a chat request, counted the way OpenAI bills chat messages. */
    public static int promptTokens(ChatRequest request) {
        int total = REPLY_PRIMING;
        for (Message m : request.messages()) {
            total += PER_MESSAGE_OVERHEAD + count(m.text());
        }
        return total;
    }
}
