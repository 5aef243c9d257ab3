package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * This process's workers: a poller on a virtual thread leases as many jobs as there are free slots (the global
 * limit {@code jobs.concurrency}) and runs each on a virtual thread of its own; between rounds it expires overdue
 * batch lines and finalizes batches that are done. A job leased more than {@code jobs.max_attempts} times (its
 * workers kept dying) fails instead of running again. Lease times come from the injected clock.
 */
public final class Workers implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Workers.class.getName());

    private final JobStore store;
    private final JobRunner runner;
    private final JobService service;
    private final JobsConfig config;
    private final InstantSource clock;
    private final String owner;
    private final Semaphore slots;
    private volatile boolean running;
    private Thread poller;

    public Workers(JobStore store, JobRunner runner, JobService service, JobsConfig config, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.service = requireNonNull(service, "service is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.owner = "worker-" + UUID.randomUUID();
        this.slots = new Semaphore(config.concurrency());
    }

    public Workers start() {
        running = true;
        poller = Thread.ofVirtual().name("job-poller").start(this::poll);
        return this;
    }

    private void poll() {
        while (running) {
            try {
                sweep();
                slots.acquire();
                int free = slots.availablePermits() + 1;
                List<Lease> got = store.lease(owner, free, clock.instant(), config.lease(),
                        config.perKeyConcurrency());
                slots.release();
                for (Lease l : got) {
                    slots.acquire();
                    Thread.ofVirtual().name("job-" + l.job().id()).start(() -> {
                        try {
                            run(l);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (got.size() < free) {
                    Thread.sleep(config.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job poller: " + e.getMessage(), e);
                try {
                    Thread.sleep(config.pollInterval());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Expires overdue batch lines and finalizes every batch that is done; how many were finalized. */
    public int sweep() {
        Instant now = clock.instant();
        store.expireOverdue(now);
        int n = 0;
        for (String id : store.batchesToFinalize()) {
            if (store.finalizeBatch(id, service::finalize).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** Runs one leased job and records its result if the lease is still this worker's; whether it was recorded. */
    public boolean run(Lease l) {
        JobResult result;
        try {
            result = l.attempt() > config.maxAttempts()
                    ? runner.failure(l.job(), 500, "The job was started " + (l.attempt() - 1) + " times without "
                            + "finishing (jobs.max_attempts is " + config.maxAttempts() + ").")
                    : runner.run(l.job());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "job " + l.job().id() + " failed inside the gateway", e);
            result = runner.failure(l.job(), 500, "The gateway failed while running this job.");
        }
        JobState state = result.succeeded() ? JobState.SUCCEEDED : JobState.FAILED;
        boolean recorded;
        try {
            recorded = store.complete(l, state, result, clock.instant(), service.jobEvents(l.job(), state, result));
        } catch (RuntimeException e) {
            // e.g. the database is gone while shutting down: the lease runs out and the job is run again
            LOG.log(Level.WARNING, "job " + l.job().id() + ": result not stored (" + e.getMessage() + ")");
            return false;
        }
        if (!recorded) {
            LOG.log(Level.INFO, "job " + l.job().id() + ": result not recorded, the lease passed to another worker");
        }
        return recorded;
    }

    public String owner() {
        return owner;
    }

    /** Stops leasing, and waits a little for the jobs in flight (any left are run again after their lease). */
    @Override
    public void close() {
        running = false;
        if (poller == null) {
            return;
        }
        poller.interrupt();
        try {
            poller.join(2_000);
            if (slots.tryAcquire(config.concurrency(), 2, TimeUnit.SECONDS)) {
                slots.release(config.concurrency());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
