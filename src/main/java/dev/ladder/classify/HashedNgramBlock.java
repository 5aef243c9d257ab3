package dev.ladder.classify;

import dev.ladder.model.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Word unigrams and bigrams of the ask, hashed into {@code 2^bits} buckets (feature hashing: a fixed size
 * whatever the vocabulary, no dictionary to ship). Tokens are lower-cased letter runs; every number becomes
 * the one token {@code <num>} (the values say nothing general about difficulty; that there are numbers does),
 * and each other non-space symbol ({@code = $ ? (}) is a token of its own. Each distinct n-gram counts once and
 * the block is scaled to unit length, so a long prompt does not get larger weights than a short one.
 * The hash is 64-bit FNV-1a over the n-gram's chars, the same on every JVM, so a model file means the same
 * everywhere.
 */
final class HashedNgramBlock implements FeatureBlock {

    static final String NAME = "words";
    static final int MIN_BITS = 8;
    static final int MAX_BITS = 24;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final String NUMBER = "<num>";

    private final int bits;
    private final int mask;

    HashedNgramBlock(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + MIN_BITS + ", " + MAX_BITS + "]: " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
    }

    int bits() {
        return bits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return 1 << bits;
    }

    @Override
    public boolean dense() {
        return false;
    }

    @Override
    public String featureName(int i) {
        return NAME + "#" + i;
    }

    @Override
    public void extract(ChatRequest request, Sink sink) {
        List<String> tokens = tokens(Ask.of(request));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        String previous = null;
        for (String token : tokens) {
            seen.add(bucket(hash(FNV_OFFSET, token)));
            if (previous != null) {
                seen.add(bucket(hash(hash(hash(FNV_OFFSET, previous), " "), token)));
            }
            previous = token;
        }
        if (seen.isEmpty()) {
            return;
        }
        double value = 1 / Math.sqrt(seen.size());
        for (int index : seen) {
            sink.put(index, value);
        }
    }

    private int bucket(long hash) {
        return (int) ((hash ^ (hash >>> 32)) & mask);
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean number = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                if (number) {
                    tokens.add(NUMBER);
                    number = false;
                }
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (!word.isEmpty()) {
                tokens.add(word.toString());
                word.setLength(0);
            }
            if (Character.isDigit(c) || number && (c == '.' || c == ',') && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1))) {
                number = true;
                continue;
            }
            if (number) {
                tokens.add(NUMBER);
                number = false;
            }
            if (!Character.isWhitespace(c)) {
                tokens.add(String.valueOf(c));
            }
        }
        return tokens;
    }

    private static long hash(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xFF)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }
}
