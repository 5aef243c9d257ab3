package dev.ladder.api;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Request ids: "req_" + 24 random hex characters (96 bits), unique enough to key the decision log. */
final class RequestIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    static String next() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "req_" + HexFormat.of().formatHex(b);
    }
}
