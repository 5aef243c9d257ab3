package dev.ladder.providers.simulated;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.ladder.wire.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer cut into the tokens of the real tokenizer ({@link Tokens#encoding()}) and into the pieces a
 * stream emits. A piece is one token, or the few consecutive tokens that together complete a UTF-8
 * character (an emoji or a CJK character can span tokens whose bytes alone are not text), so every piece
 * is valid text and the pieces concatenate to the answer. Special-token strings such as
 * {@code <|endoftext|>} are encoded as ordinary text.
 */
final class TokenizedText {

    /** One token: its id and the bytes it stands for (possibly part of a character). */
    record Token(int id, byte[] bytes) {
        /** The token as text; a partial character shows as U+FFFD, as in OpenAI's logprobs. */
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Tokens {@code [firstToken, firstToken + tokenCount)} whose bytes decode to {@code text}. */
    record Piece(String text, int firstToken, int tokenCount) {
    }

    private final List<Token> tokens;
    private final List<Piece> pieces;

    private TokenizedText(List<Token> tokens, List<Piece> pieces) {
        this.tokens = List.copyOf(tokens);
        this.pieces = List.copyOf(pieces);
    }

    static TokenizedText of(String text) {
        Encoding encoding = Tokens.encoding();
        IntArrayList ids = encoding.encodeOrdinary(text);
        List<Token> tokens = new ArrayList<>(ids.size());
        List<Piece> pieces = new ArrayList<>(ids.size());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int pieceStart = 0;
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < ids.size(); i++) {
            one.clear();
            one.add(ids.get(i));
            byte[] bytes = encoding.decodeBytes(one);
            tokens.add(new Token(ids.get(i), bytes));
            pending.writeBytes(bytes);
            if (endsOnCharacter(pending.toByteArray()) || i == ids.size() - 1) {
                pieces.add(new Piece(pending.toString(StandardCharsets.UTF_8), pieceStart, i + 1 - pieceStart));
                pending.reset();
                pieceStart = i + 1;
            }
        }
        return new TokenizedText(tokens, pieces);
    }

    List<Token> tokens() {
        return tokens;
    }

    List<Piece> pieces() {
        return pieces;
    }

    int tokenCount() {
        return tokens.size();
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        pieces.forEach(p -> sb.append(p.text()));
        return sb.toString();
    }

    /** The longest run of whole pieces with at most {@code maxTokens} tokens. */
    TokenizedText truncate(int maxTokens) {
        if (maxTokens >= tokens.size()) {
            return this;
        }
        int kept = 0;
        int keptTokens = 0;
        while (kept < pieces.size() && keptTokens + pieces.get(kept).tokenCount() <= maxTokens) {
            keptTokens += pieces.get(kept).tokenCount();
            kept++;
        }
        return new TokenizedText(tokens.subList(0, keptTokens), pieces.subList(0, kept));
    }

    /** Tokens before piece {@code piece}. */
    int tokensBefore(int piece) {
        return piece >= pieces.size() ? tokens.size() : pieces.get(piece).firstToken();
    }

    /** True when the bytes end on a complete UTF-8 sequence (a stray continuation byte counts as complete). */
    static boolean endsOnCharacter(byte[] b) {
        int i = b.length - 1;
        int continuation = 0;
        while (i >= 0 && (b[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return true;
        }
        int lead = b[i] & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return continuation + 1 >= length;
    }
}
