package dev.ladder.wire;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import dev.ladder.model.Requirements;

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

    /**
     * A number of tokens the prompt cannot exceed, without tokenizing: every o200k token covers at least one
     * UTF-8 byte, so a message's bytes bound its tokens.
     */
    public static int promptTokensUpperBound(ChatRequest request) {
        long total = REPLY_PRIMING;
        for (Message m : request.messages()) {
            total += PER_MESSAGE_OVERHEAD + utf8Bytes(m.text());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** What {@code request} needs from a deployment; its prompt is tokenized only when a window could be too small. */
    public static Requirements requirements(ChatRequest request) {
        return Requirements.of(request, promptTokensUpperBound(request), () -> promptTokens(request));
    }

    private static long utf8Bytes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
