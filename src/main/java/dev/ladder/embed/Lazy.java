package dev.ladder.embed;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** A value built on first use, once, under a lock (not a monitor: callers may be virtual threads). */
final class Lazy<T> {

    private final Supplier<T> build;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile T value;

    Lazy(Supplier<T> build) {
        this.build = requireNonNull(build, "build is null");
    }

    T get() {
        T v = value;
        if (v != null) {
            return v;
        }
        lock.lock();
        try {
            if (value == null) {
                value = requireNonNull(build.get(), "built null");
            }
            return value;
        } finally {
            lock.unlock();
        }
    }
}
