package dev.ladder.providers.simulated;

/** The ways a simulated call can fail, as counted in {@link SimulatedStats} and named in {@code /sim/stats}. */
public enum Fault {
    /** Answered 500. */
    SERVER_ERROR("server_error"),
    /** Answered 429 with a Retry-After. */
    RATE_LIMITED("rate_limited"),
    /** Never answered (the caller's timeout ran out, or the client went away). */
    TIMEOUT("timeout"),
    /** Dropped the connection after some content. */
    STREAM_CUT("stream_cut"),
    /** Dropped the connection before answering anything. */
    CONNECTION_RESET("connection_reset"),
    /** Stopped sending part-way without closing the connection. */
    STALL("stall"),
    /** Sent something that is not a chunk (or, not streaming, a body that is not JSON). */
    MALFORMED_CHUNK("malformed_chunk");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
