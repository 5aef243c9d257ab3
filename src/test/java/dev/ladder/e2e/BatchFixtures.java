package dev.ladder.e2e;

import dev.ladder.jobs.Batch;
import dev.ladder.jobs.JobService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Batch input files and waits on a batch's progress, for the job queue's end-to-end tests. */
final class BatchFixtures {

    private BatchFixtures() {
    }

    static byte[] input(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"custom_id\":\"line-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                    + "\"body\":").append(TestGateway.chat("ladder/auto", "What is " + i + " plus " + i + "?"))
                    .append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Waits (real time, polling) until the batch has finished. */
    static Batch awaitFinished(JobService jobs, String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            Batch b = jobs.batch(batchId).orElseThrow();
            if (b.status().isFinished()) {
                return b;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batch did not finish: " + jobs.batch(batchId));
    }
}
