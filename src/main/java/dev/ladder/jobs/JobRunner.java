package dev.ladder.jobs;

/**
 * Runs one job's request through the gateway's request path (the same chain as {@code /v1/chat/completions}, so
 * every upstream call is a recorded, billed attempt) and answers what a synchronous call would have. Never throws
 * for a failed request: a failure is a result with its status and OpenAI error body.
 */
public interface JobRunner {

    JobResult run(Job job);

    /** The result of a job that could not be run ({@code message} says why), in the same error shape. */
    JobResult failure(Job job, int status, String message);
}
