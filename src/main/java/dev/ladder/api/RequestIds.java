package dev.ladder.api;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Request ids: "req_", the time in milliseconds since the epoch as 12 hex characters, then 24 random hex
 * characters (96 bits). The time prefix makes ids made later sort later, so the decision log's primary-key
 * index grows at its right edge: with purely random ids every insert lands on a random page of an index larger
 * than the database's cache, and the log's writer spent most of its time reading and rewriting those pages.
 * The random part keeps them unique and unguessable.
 */
final class RequestIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    static String next() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return of(System.currentTimeMillis(), random);
    }

    /** The id for a time (epoch milliseconds, 0 to 2^48 - 1) and 12 random bytes. */
    static String of(long epochMillis, byte[] random) {
        if (epochMillis < 0 || epochMillis >= 1L << 48) {
            throw new IllegalArgumentException("epochMillis out of range: " + epochMillis);
        }
        if (random.length != 12) {
            throw new IllegalArgumentException("12 random bytes expected, got " + random.length);
        }
        return "req_" + HEX.toHexDigits(epochMillis).substring(4) + HEX.formatHex(random);
    }
}
