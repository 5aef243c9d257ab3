package dev.ladder.e2e;

/** The exact-cache tests on the in-process (Caffeine) backend. */
class ExactCacheInMemoryTest extends ExactCacheContract {

    @Override
    String backend() {
        return "memory";
    }
}
