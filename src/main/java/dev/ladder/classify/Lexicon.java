package dev.ladder.classify;

import java.util.HashMap;
import java.util.Map;

/**
 * Words and phrases of up to three words, each mapped to the {@link Cue}s it carries, looked up by hash so
 * that the scanner never builds a string. Immutable and shared.
 *
 * <p><b>Hashing.</b> A word's hash is 64-bit FNV-1a over its lower-cased characters, of its <em>stem</em>: a
 * trailing "s" is dropped from words of four or more letters not ending in "ss" ("transactions" and
 * "transaction" meet, "process" stays), on both the entry and the scanned side, so the rule needs no
 * exceptions. A phrase's hash {@link #combine combines} its words' hashes. Two pseudo-words exist:
 * {@code ^} is the start of a sentence (so "^ is" matches "Is it raining?" but not "this is it") and
 * {@code #} is any number ("# words" matches "200 words"). A collision between a scanned word and an entry
 * needs two 64-bit hashes to agree: with a few thousand entries its chance per word is about 1e-16.
 *
 * <p><b>Values.</b> A value packs one 4-bit strength per cue kind, in quarter points (1..15, i.e. 0.25..3.75);
 * a word and a phrase that contains it both count.
 */
final class Lexicon {

    /** The FNV-1a offset basis: the hash of the empty word. */
    static final long EMPTY_HASH = 0xcbf29ce484222325L;
    /** Pseudo-word hashes: arbitrary constants mixed so that they look like no word's hash. */
    static final long SENTENCE_START = combine(0x5EB7E7CE57A27L, 1);
    static final long NUMBER = combine(0x4E0B3E7L, 2);

    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int MAX_WORDS = 3;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private final int size;

    private Lexicon(Map<Long, Long> entries) {
        int capacity = Integer.highestOneBit(Math.max(16, entries.size() * 4) - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        size = entries.size();
        entries.forEach((k, v) -> {
            int i = slot(k);
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = v;
        });
    }

    /** The packed cue strengths of a word or phrase hash, 0 when it is not an entry. */
    long cues(long hash) {
        int i = slot(hash);
        while (true) {
            long k = keys[i];
            if (k == hash) {
                return values[i];
            }
            if (k == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    /** The strength of {@code cue} in a packed value, in points. */
    static double strength(long packed, Cue cue) {
        return ((packed >>> (cue.ordinal() * 4)) & 0xF) / 4.0;
    }

    /** One FNV-1a step: the hash of a word extended by the lower-case character {@code c}. */
    static long step(long hash, char c) {
        return (hash ^ c) * FNV_PRIME;
    }

    /** The hash of a phrase from the hash of its first words and the hash of the next word; never 0. */
    static long combine(long left, long right) {
        long h = Long.rotateLeft(left * 0x9E3779B97F4A7C15L, 31) ^ right;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        return h == 0 ? 1 : h;
    }

    /** A word's final hash, never 0 (0 marks an empty slot and "no previous word"). */
    static long finish(long hash) {
        return hash == 0 ? 1 : hash;
    }

    private int slot(long hash) {
        long h = hash ^ (hash >>> 29);
        h *= 0xbf58476d1ce4e5b9L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects entries; rejects what the scanner could never match, and the same phrase listed twice for a cue. */
    static final class Builder {
        private final Map<Long, Long> entries = new HashMap<>();
        private final Map<Long, String> phrases = new HashMap<>();

        /**
         * Adds a phrase of one to three space-separated words (lower-case letters, digits, {@code _} or an
         * inner apostrophe; or the pseudo-words {@code ^} and {@code #}) carrying {@code cue} with
         * {@code points} in 0.25..3.75, in steps of 0.25.
         */
        Builder add(String phrase, Cue cue, double points) {
            int quarters = (int) Math.round(points * 4);
            if (quarters < 1 || quarters > 15 || quarters != points * 4) {
                throw new IllegalArgumentException(phrase + ": points must be 0.25..3.75 in steps of 0.25: " + points);
            }
            long key = hash(phrase);
            String previous = phrases.putIfAbsent(key, phrase);
            if (previous != null && !previous.equals(phrase)) {
                throw new IllegalArgumentException("'" + previous + "' and '" + phrase
                        + "' hash alike (a plural 's' is folded: list one of them)");
            }
            long packed = entries.getOrDefault(key, 0L);
            int shift = cue.ordinal() * 4;
            if (((packed >>> shift) & 0xF) != 0) {
                throw new IllegalArgumentException(phrase + ": listed twice as " + cue);
            }
            entries.put(key, packed | ((long) quarters << shift));
            return this;
        }

        Lexicon build() {
            return new Lexicon(entries);
        }

        private static long hash(String phrase) {
            String[] words = phrase.split(" ", -1);
            if (words.length > MAX_WORDS) {
                throw new IllegalArgumentException(phrase + ": at most " + MAX_WORDS + " words");
            }
            long phraseHash = 0;
            for (int w = 0; w < words.length; w++) {
                long h = wordHash(phrase, words[w]);
                if (w > 0 && words[w].equals("^")) {
                    throw new IllegalArgumentException(phrase + ": ^ may only start a phrase");
                }
                phraseHash = w == 0 ? h : combine(phraseHash, h);
            }
            if (words.length == 1 && (phraseHash == SENTENCE_START || phraseHash == NUMBER)) {
                throw new IllegalArgumentException(phrase + ": a pseudo-word alone is not an entry");
            }
            return phraseHash;
        }

        private static long wordHash(String phrase, String word) {
            switch (word) {
                case "^" -> {
                    return SENTENCE_START;
                }
                case "#" -> {
                    return NUMBER;
                }
                default -> {
                }
            }
            if (word.isEmpty()) {
                throw new IllegalArgumentException("'" + phrase + "': words are separated by exactly one space");
            }
            long h = EMPTY_HASH;
            long beforeLast = EMPTY_HASH;
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                boolean innerApostrophe = c == '\'' && i > 0 && i < word.length() - 1;
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || innerApostrophe)) {
                    throw new IllegalArgumentException("'" + phrase + "': unexpected character '" + c + "'");
                }
                beforeLast = h;
                h = step(h, c);
            }
            if (word.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + phrase + "': numbers are matched by #");
            }
            int n = word.length();
            return finish(n >= 2 && stems(n, word.charAt(n - 1), word.charAt(n - 2)) ? beforeLast : h);
        }
    }

    /** Whether a word of {@code length} chars ending in {@code last}, {@code secondLast} is hashed by its stem. */
    static boolean stems(int length, char last, char secondLast) {
        return length >= 4 && last == 's' && secondLast != 's';
    }
}
