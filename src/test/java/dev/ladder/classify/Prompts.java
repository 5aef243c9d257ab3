package dev.ladder.classify;

import java.util.List;

/**
 * Realistic prompts with the tier a careful operator would route them to. Written before the weights were
 * tuned; used by the tier table test and the benchmark.
 */
final class Prompts {

    private Prompts() {
    }

    static final List<String> SIMPLE = List.of(
            "What is the capital of France?",
            "Translate 'good morning' to Spanish",
            "Convert 5 km to miles",
            "hi there!",
            "Who wrote Pride and Prejudice?",
            "How many days are in a leap year?",
            "Thanks, that's all I needed.",
            "What's the boiling point of water in Fahrenheit?",
            "Capitalize this: the quick brown fox jumps over the lazy dog",
            "Define photosynthesis in one sentence.",
            "When did World War II end?",
            "What is 15% of 80?");

    static final List<String> MEDIUM = List.of(
            """
            Summarize the following paragraph in two sentences:

            Coral reefs cover less than one percent of the ocean floor, yet they support roughly a quarter of \
            all marine species. Rising sea temperatures cause corals to expel the algae living in their \
            tissues, a process known as bleaching, which leaves them white and vulnerable. While corals can \
            recover if temperatures return to normal quickly, repeated bleaching events in recent decades have \
            given many reefs too little time to heal, and scientists warn that large parts of the Great Barrier \
            Reef could be lost within a generation.""",
            """
            Write a short email to my landlord asking him to fix the broken heater before Friday. Mention that \
            I reported it twice last month and that the apartment drops below 15°C at night. Keep it polite \
            but firm.""",
            "Explain how vaccines train the immune system, in a way a high-school student would understand.",
            "Write a Python function that checks whether a string is a palindrome, ignoring spaces and punctuation.",
            "Explain the difference between TCP and UDP and when you would use each.",
            """
            Give me a 5-day itinerary for a trip to Lisbon on a moderate budget, with one day trip outside the \
            city.""",
            """
            Rewrite this paragraph to sound more professional: hey team, so the launch thing got pushed again \
            because marketing isn't ready and honestly nobody told us until yesterday, which is kinda annoying. \
            anyway we're now looking at the 14th, so please don't book any vacation that week and let me know \
            if that's a problem.""",
            "Why does the moon always show the same face to the Earth?",
            """
            Draft a product description for a stainless steel water bottle that keeps drinks cold for 24 hours. \
            Around 100 words, friendly tone.""",
            "Can you explain what a SQL JOIN does, with a small example using two tables?",
            "What are the pros and cons of renting versus buying a home for someone who may move in 3 years?");

    static final String JAVA_REVIEW = """
            Review this Java code for concurrency bugs and propose a fix. Explain each bug you find.

            ```java
            public class SessionCache {
                private final Map<String, Session> sessions = new HashMap<>();
                private volatile long hits;
                private long misses;

                public Session get(String id) {
                    Session s = sessions.get(id);
                    if (s == null) {
                        misses++;
                        s = loadFromDatabase(id);
                        sessions.put(id, s);
                    } else {
                        hits++;
                    }
                    return s;
                }

                public void evictExpired(Instant now) {
                    for (Session s : sessions.values()) {
                        if (s.expiresAt().isBefore(now)) {
                            sessions.remove(s.id());
                        }
                    }
                }

                public synchronized double hitRate() {
                    long total = hits + misses;
                    return total == 0 ? 0 : (double) hits / total;
                }

                private Session loadFromDatabase(String id) {
                    try (Connection c = dataSource.getConnection()) {
                        return SessionDao.load(c, id);
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot load session " + id, e);
                    }
                }
            }
            ```

            It is called from many request threads at once and evictExpired runs on a scheduler every minute.""";

    static final List<String> COMPLEX = List.of(
            """
            Design a distributed rate limiter for our API gateway. Requirements:
            1. 50k requests/second across 12 gateway nodes, limits per API key and per tenant.
            2. Limits must hold within 5% even when a node fails or the network partitions.
            3. Added latency under 2 ms at p99.

            Compare token bucket and sliding window approaches, explain the trade-offs of a central Redis \
            versus local counters with periodic sync, then implement the core algorithm in Java with tests.""",
            JAVA_REVIEW,
            """
            Prove that there are infinitely many primes of the form 4k + 3. Work step by step:
            (a) show that the product of numbers of the form 4k + 1 is again of that form;
            (b) assume finitely many such primes p1, ..., pn and consider N = 4·p1·...·pn − 1;
            (c) derive a contradiction, and explain why the same argument fails for primes of the form 4k + 1.""",
            """
            Design the database schema and REST API for a multi-tenant SaaS invoicing system. Cover tenant \
            isolation, idempotent payment webhooks, audit logging and zero-downtime migrations. Then write the \
            SQL DDL for the core tables and explain the trade-offs of row-level security versus a schema per \
            tenant.""",
            """
            Our worker crashes intermittently under load with this traceback:

            Traceback (most recent call last):
              File "worker.py", line 88, in process_batch
                results = pool.map(handle_item, batch)
              File "/usr/lib/python3.11/multiprocessing/pool.py", line 367, in map
                return self._map_async(func, iterable, mapstar, chunksize).get()
            BrokenPipeError: [Errno 32] Broken pipe

            handle_item opens a psycopg2 connection that is created once at module import. Why does this fail \
            only under load, and how should I restructure the connection handling? Show the corrected code.""",
            """
            Compare Raft and Paxos for a geo-replicated key-value store spanning three regions. Analyze leader \
            election, behaviour under network partitions and the read latency of linearizable reads. Recommend \
            one, justify it with the CAP trade-offs, and describe the failure modes we should test for.""",
            """
            Analyze the following indemnification clause from a vendor contract and identify the liability \
            risks for us as the customer:

            "Vendor shall indemnify Customer against third-party claims arising solely from Vendor's gross \
            negligence, provided that Customer notifies Vendor within ten (10) days and Vendor's aggregate \
            liability shall not exceed the fees paid in the preceding three (3) months."

            Compare it with market-standard terms, explain which jurisdictions might read "solely" narrowly, and \
            propose revised language that caps liability at 12 months of fees but carves out data breaches.""",
            """
            Derive the gradient of the softmax cross-entropy loss with respect to the logits, step by step. \
            Then implement it in NumPy in a numerically stable way, and write unit tests that check the \
            analytic gradient against finite differences.""",
            """
            A 67-year-old patient on warfarin for atrial fibrillation presents with new confusion and a \
            headache after a minor fall two days ago. Walk through the differential diagnosis, explain the \
            pathophysiology of the most dangerous possibility, list the investigations in order of priority, \
            and discuss the contraindications and risks of reversing anticoagulation.""",
            """
            Refactor this TypeScript module to remove the race condition between the cache refresh and \
            concurrent readers. It must keep the public API, and add tests that reproduce the race.

            ```ts
            let cache: Map<string, Price> = new Map();
            let refreshing = false;

            export async function getPrice(sku: string): Promise<Price | undefined> {
              if (!refreshing && isStale()) {
                refreshing = true;
                cache = new Map();
                const fresh = await fetchAllPrices();
                for (const p of fresh) cache.set(p.sku, p);
                refreshing = false;
              }
              return cache.get(sku);
            }
            ```""");

    /** Written after the weights were tuned on the lists above, and never used to tune them. */
    static final List<String> HELD_OUT_SIMPLE = List.of(
            "Good morning!",
            "How do you say 'thank you' in Japanese?",
            "What's 12 times 12?",
            "Spell 'necessary' for me",
            "Who painted the Mona Lisa?",
            "What year did the Berlin Wall fall?",
            "Is a tomato a fruit?",
            "Give me a synonym for happy",
            "Convert 100 Fahrenheit to Celsius",
            "What does HTTP stand for?",
            "ok thanks, bye");

    static final List<String> HELD_OUT_MEDIUM = List.of(
            "Write a haiku about autumn leaves and then explain the imagery you used.",
            "Explain what a hash map is and how it handles collisions.",
            """
            Can you suggest five names for a bakery that specializes in sourdough, with a one-line tagline for \
            each?""",
            "Summarize the plot of Hamlet in one paragraph.",
            "How does compound interest work? Give an example with $1,000 at 5% over 10 years.",
            """
            Write the opening paragraph of a cover letter for a junior data analyst role, highlighting my SQL and \
            Excel skills.""",
            "What are the main causes of inflation, and how do central banks respond to it?",
            "Create a weekly meal plan for a vegetarian trying to eat 100g of protein a day.",
            """
            Write a bash one-liner that finds all .log files larger than 100MB and deletes them, and explain \
            each part.""",
            "Explain the difference between a virus and a bacterium.");

    static final List<String> HELD_OUT_COMPLEX = List.of(
            """
            Implement a lock-free single-producer single-consumer ring buffer in C++ using std::atomic, explain \
            the memory ordering you chose for each operation, and prove that it never loses or duplicates an \
            element.""",
            """
            We are migrating a 2TB PostgreSQL database to a new cluster with less than 5 minutes of downtime. \
            Lay out a step-by-step plan covering logical replication, cutover, rollback, and how to verify data \
            consistency, and call out the risks at each step.""",
            """
            This Go service leaks goroutines under load. Find the leak, explain why it happens and fix it.

            ```go
            func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
                results := make(chan Result)
                for _, backend := range s.backends {
                    go func(b Backend) {
                        results <- b.Query(r.Context(), r.URL.Query().Get("q"))
                    }(backend)
                }
                select {
                case res := <-results:
                    json.NewEncoder(w).Encode(res)
                case <-time.After(200 * time.Millisecond):
                    http.Error(w, "timeout", http.StatusGatewayTimeout)
                }
            }
            ```""",
            """
            Given a weighted directed graph with negative edges but no negative cycles, design an algorithm that \
            finds the shortest paths from a source to all vertices in O(VE), prove its correctness, and analyze \
            why Dijkstra's algorithm fails on the same input.""",
            """
            Draft a data processing agreement clause compliant with GDPR Article 28 for a US-based SaaS \
            processor, covering sub-processors, breach notification within 72 hours and international transfers \
            under the SCCs; explain the reasoning behind each provision.""",
            """
            Build a valuation for a SaaS startup with $5M ARR growing 80% a year: compute a DCF with explicit \
            assumptions for churn, CAC payback and margins, compare it with a revenue multiple approach, and \
            explain which is more defensible for a Series B.""",
            """
            Our Kubernetes pods get OOMKilled only in production even though the JVM heap is set to 2GB and the \
            container limit is 3GB. Explain the possible causes (metaspace, direct buffers, thread stacks, glibc \
            arenas), how to diagnose each one, and what settings you would change.""",
            """
            Write a Python script that reads a 50GB CSV file that does not fit in memory, deduplicates rows by a \
            composite key, and writes the result sorted by timestamp. Explain the time and space complexity and \
            how you would parallelize it.""",
            """
            Explain, with a rigorous argument, why the halting problem is undecidable, and then show how Rice's \
            theorem follows from it.""",
            """
            Review this SQL query for performance problems and rewrite it. The orders table has 200M rows.

            SELECT c.name, SUM(o.total)
            FROM customers c
            JOIN orders o ON o.customer_id = c.id
            WHERE YEAR(o.created_at) = 2024
              AND c.id IN (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) > 5)
            GROUP BY c.name
            ORDER BY 2 DESC;""");
}
