package dev.ladder.providers.simulated;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that never sleeps: it records each requested wait, so tests can check latency without a clock. */
final class RecordingSleeper implements Sleeper {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    Duration total() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
