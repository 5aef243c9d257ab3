package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

/**
 * A worker's hold on a job until the lease runs out: {@code owner} names the worker, {@code attempt} the lease
 * (the job's attempt counter when it was taken). Only the holder of the newest lease can record a result, so a
 * worker that was presumed dead and comes back cannot record a second one.
 */
public record Lease(Job job, String owner, int attempt) {

    public Lease {
        requireNonNull(job, "job is null");
        requireNonNull(owner, "owner is null");
    }
}
