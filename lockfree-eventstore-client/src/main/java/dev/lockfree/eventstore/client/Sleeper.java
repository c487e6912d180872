package dev.lockfree.eventstore.client;

import java.time.Duration;

/**
 * Waits between retries. The client sleeps the calling thread; tests record the waits instead.
 */
@FunctionalInterface
interface Sleeper {

    /** Sleeps the calling thread. */
    Sleeper THREAD_SLEEP = delay -> Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));

    /**
     * Waits.
     *
     * @param delay how long
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration delay) throws InterruptedException;
}
