package dev.ladder.e2e;

/** Realistic prompts for end-to-end routing checks. */
final class Prompts {

    static final String SHORT_FACTUAL = "What is the capital of France?";

    static final String ARCHITECTURE = """
            We are designing a multi-region payments platform. Please do all of the following:
            1. Propose a service architecture (API gateway, ledger service, idempotency store, outbox) and explain
               the trade-offs between synchronous two-phase commit and the saga pattern for cross-region transfers.
            2. Write a Java implementation of an idempotency-key filter that is safe under concurrent retries,
               using a distributed lock with fencing tokens; show the code and explain why it is linearizable.
            3. Analyze failure modes: network partitions, clock skew, duplicate delivery from Kafka, and a
               region failover in the middle of a transfer. For each, derive what invariant could break and how
               the design prevents it.
            4. Compare PostgreSQL with serializable isolation against CockroachDB for the ledger, with latency
               estimates and a step-by-step migration plan.

            ```java
            public final class IdempotencyFilter {
                private final ConcurrentHashMap<String, CompletableFuture<Response>> inFlight = new ConcurrentHashMap<>();
                public Response handle(Request r) {
                    return inFlight.computeIfAbsent(r.key(), k -> CompletableFuture.supplyAsync(() -> next(r))).join();
                }
            }
            ```
            Explain why the snippet above is wrong under retries across replicas, and fix it.
            """;

    private Prompts() {
    }
}
