package dev.ladder.classify;

import java.util.Map;

/**
 * The default English cue vocabulary of the heuristic classifier. Each block lists, per strength in points,
 * comma-separated words or phrases ({@code ^} = start of a sentence, {@code #} = any number; plural "s" is
 * folded, see {@link Lexicon}). Strong cues are specific ("prove", "race condition"); words that also occur
 * in everyday prose ("design", "table", "then") are weak.
 */
final class Vocabulary {

    private static final String REASONING = """
            1.5: prove, proof, derive, derivation, step by step, show that, formally, rigorous, rigorously,
                 by induction, counterexample, trade off, tradeoff, pros and cons, root cause, think through
            1.0: why does, why do, why is, why would, explain why, analyze, analyse, analysis, compare, contrast,
                 comparison, evaluate, justify, critique, assess, deduce, infer, reason about, reasoning,
                 implications, what would happen, what happens if, diagnose, optimal, edge case,
                 corner case, failure mode, worst case, in depth, walk me through, consequences, which is better,
                 best approach, weigh, hypothesis, walk through, argue, argument, counterargument
            0.5: design, architect, optimize, optimise, alternatives, strategy, recommend, should i,
                 difference between, reason, plan, consider, approach, prioritize,
                 priority
            """;

    private static final String SEQUENCE = """
            1.0: and then, after that, afterwards, finally, additionally, furthermore, moreover, in addition,
                 as well as, and also, step #, part #, first of all, secondly, thirdly, lastly, subsequently,
                 followed by, for each, next step, each of, then explain, then write, then implement
            0.5: then, also, next, both, second, third, plus, itinerary, schedule, curriculum, guide, tutorial,
                 report, essay, article, # day, # week, # step, in detail, detailed, comprehensive, thorough
            """;

    private static final String DOMAIN = """
            1.5: distributed system, race condition, deadlock, consensus, linearizable, linearizability,
                 eventual consistency, cap theorem, vector clock, crdt, paxos, raft, byzantine, idempotent,
                 idempotency, memory model, lock free, cache coherence, time complexity, space complexity,
                 np hard, np complete, theorem, lemma, corollary, eigenvalue, eigenvector, differential equation,
                 pathophysiology, contraindication, pharmacokinetics, differential diagnosis, indemnification,
                 indemnify, jurisdiction, tort, black scholes, discounted cash flow, ebitda, amortization,
                 backpropagation, gradient descent
            1.0: architecture, distributed, microservice, replication, replica, sharding, shard, partitioning,
                 consistency, throughput, latency, scalability, scalable, fault tolerance, fault tolerant, failover,
                 load balancer, load balancing, rate limiter, rate limiting, token bucket, sliding window,
                 backpressure, message queue, kafka, kubernetes, database, transaction, isolation level,
                 concurrency, concurrent, thread safe, thread safety, mutex, semaphore, atomic, garbage collection,
                 cache invalidation, quorum, grpc, protocol, tcp, udp, tls, encryption, cryptography,
                 cryptographic, authentication, authorization, oauth, vulnerability, exploit, compiler, kernel,
                 operating system, virtual memory, big o, algorithm, data structure, dynamic programming,
                 binary tree, hash table, integral, matrix, matrices, linear algebra, polynomial, prime, irrational,
                 induction, convergence, converge, topology, manifold, probability, stochastic, bayesian,
                 posterior, variance, regression, gradient, convex, asymptotic, combinatorics, modular arithmetic,
                 neural network, transformer, embedding, overfitting, regularization, loss function,
                 reinforcement learning, contract, liability, statute, plaintiff, defendant, litigation, compliance,
                 gdpr, hipaa, regulation, regulatory, negligence, intellectual property, patent, arbitration,
                 precedent, diagnosis, symptom, dosage, clinical, syndrome, prognosis, etiology, comorbidity,
                 mechanism of action, portfolio, valuation, hedge, hedging, arbitrage, volatility, liquidity,
                 yield curve, interest rate, capital gain, balance sheet, cash flow, ifrs, gaap, sharpe ratio
            0.5: cache, thread, lock, queue, server, cluster, redis, docker, http, api, security, performance,
                 memory, cpu, graph, derivative, series, limit, proof of, equation, statistics,
                 legal, medical, patient, treatment, finance, financial, tax, investment, risk
            """;

    private static final String CONSTRAINT = """
            1.5: must not, at least, at most, no more than, no less than, format as, formatted as, as json,
                 in json, valid json, json schema, # words, # sentences, # paragraphs, # characters, # bullet,
                 word limit, under # words, without using, do not use, only return, return only, respond only,
                 respond with, strictly
            1.0: must, exactly, json, yaml, csv, markdown, bullet points, table, do not, don't,
                 make sure, ensure, required, requirement, constraint, limit to, maximum, minimum, should not,
                 avoid, include, cite, tone, deadline, by friday, by monday, by tomorrow, no longer than,
                 within # , in under
            0.5: should, only, short, brief, concise, mention, format, style
            """;

    private static final String SIMPLE = """
            1.5: hi, hello, hey, thanks, thank you, good morning, good evening, good night, goodbye, bye,
                 how are you, capital of, translate, translation of, convert, spell, synonym, antonym,
                 do you say, what time, what day, what year, what date, yes or no, true or false,
                 fix the typo, fix typos, tldr
            1.0: define, definition of, meaning of, does # mean, how many, how much, how old, how far,
                 how tall, how long is, who is, who was, who wrote, who invented, who discovered, when is,
                 when was, when did, where is, where was, what is the, what's the, capitalize, uppercase,
                 lowercase, reformat, quick question, to miles, to km, to celsius, to fahrenheit, in spanish,
                 in french, in german, to spanish, to french, to german, to english
            0.5: rephrase, reword, name the, what is, what's, quick
            """;

    private static final String CODE = """
            1.5: def, elif, fn, func, const, var, void, nullptr, println, printf, public static, static void,
                 stack trace, stacktrace, traceback, segfault, segmentation fault, null pointer, syntax error,
                 compile error, compiler error, unit test, junit, pytest, regex, regular expression, typedef,
                 namespace, impl, struct, lambda, async, await, boolean, bool, int, enum, null, sql
            0.5: code, function, method, class, variable, python, java, javascript, typescript, rust, golang,
                 kotlin, swift, cpp, haskell, scala, ruby, php, bash, shell script, script, snippet, endpoint,
                 library, framework, bug, debug, refactor, repository, git, compile, runtime, implementation,
                 implement, program, programming, private, protected, interface
            """;

    private static final String DEEP = """
            1.0: why, how does, how do, how would, how can, how should, how could, how is, how are, how to,
                 how did, explain, what if, what would, what happens when, under what, in what way, to what extent,
                 describe how, elaborate, discuss, walk through
            0.5: describe, explain how
            """;

    private static final String SHALLOW = """
            1.0: ^ what, ^ who, ^ when, ^ where, ^ which, ^ is, ^ are, ^ does, ^ did, ^ can, how many, how much,
                 how old, what is, what's
            0.5: name, which one
            """;

    private static final String TASK = """
            1.0: write, implement, explain, describe, design, list, create, build, generate, review, fix, refactor,
                 propose, suggest, provide, give, add, compare, summarize, summarise, draft, compose, outline,
                 calculate, compute, solve, analyze, analyse, prove, derive, translate, convert, rewrite, optimize,
                 document, identify, find, show, define, estimate, evaluate, debug, discuss, argue, recommend,
                 include, handle, sketch, choose, justify, model, plan, test
            """;

    private static final String CLAUSE = """
            1.0: because, although, though, whereas, unless, whether, assuming, given that, such that, so that,
                 provided that, even if, in which, in order to, as long as, except when, depending on
            0.5: while, if, which, when, where, since
            0.25: that
            """;

    static final Map<Cue, String> LISTS = Map.of(Cue.REASONING, REASONING, Cue.SEQUENCE, SEQUENCE,
            Cue.DOMAIN, DOMAIN, Cue.CONSTRAINT, CONSTRAINT, Cue.SIMPLE, SIMPLE, Cue.CODE, CODE, Cue.DEEP, DEEP,
            Cue.SHALLOW, SHALLOW, Cue.TASK, TASK, Cue.CLAUSE, CLAUSE);

    /** The default lexicon, built once. */
    static final Lexicon LEXICON = build(LISTS);

    private Vocabulary() {
    }

    static Lexicon build(Map<Cue, String> lists) {
        Lexicon.Builder builder = Lexicon.builder();
        lists.forEach((cue, list) -> parse(builder, cue, list));
        return builder.build();
    }

    private static void parse(Lexicon.Builder builder, Cue cue, String block) {
        double points = 0;
        for (String raw : block.strip().split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).matches("\\d+(\\.\\d+)?")) {
                points = Double.parseDouble(line.substring(0, colon));
                line = line.substring(colon + 1);
            } else if (points == 0) {
                throw new IllegalArgumentException(cue + ": a list starts with 'points:'");
            }
            for (String phrase : line.split(",")) {
                String p = phrase.strip();
                if (!p.isEmpty()) {
                    builder.add(p, cue, points);
                }
            }
        }
    }
}
