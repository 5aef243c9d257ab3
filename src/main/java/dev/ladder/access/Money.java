package dev.ladder.access;

/** USD as whole micro-dollars, so that sums across threads and replicas are exact. */
public final class Money {

    private Money() {
    }

    /** {@code usd} in micro-dollars, rounded up: a reservation never comes out below the estimate. */
    public static long micros(double usd) {
        return (long) Math.ceil(usd * 1_000_000.0 - 1e-9);
    }

    public static double usd(long micros) {
        return micros / 1_000_000.0;
    }
}
