package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.CallbackFailures;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a store's {@link StatisticsSchedule}. It lives beside the store, not in it: the append path never sees
 * it, and readings are taken with {@link EventStore#statistics()} like any other reader's.
 *
 * <p>Each call runs holding this object's monitor and checks {@link #closed} first, so {@link #close()} can wait
 * for a call in progress by taking the monitor once: after close returns, the listener is not called again
 * (a listener that closes the store from inside its own call holds the monitor already and does not wait).
 */
final class StatisticsPublisher implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The name prefix of the threads stores own; tests find them by it. */
    static final String THREAD_NAME = "eventstore-stats-";

    private final StatisticsSchedule schedule;
    private final Supplier<EventStoreStatistics> statistics;
    private final CallbackFailures failures;
    /** Non-null when the store owns the scheduler (and so shuts it down). */
    private final ScheduledExecutorService owned;
    private final ScheduledFuture<?> task;
    private boolean closed; // guarded by this

    StatisticsPublisher(StatisticsSchedule schedule, Supplier<EventStoreStatistics> statistics,
                        CallbackFailures failures) {
        this.schedule = schedule;
        this.statistics = statistics;
        this.failures = failures;
        ScheduledExecutorService scheduler = schedule.scheduler();
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, THREAD_NAME + THREADS.incrementAndGet());
                thread.setDaemon(true); // a store someone forgot to close must not keep the JVM alive
                return thread;
            });
            this.owned = scheduler;
        } else {
            this.owned = null;
        }
        long nanos = schedule.interval().toNanos();
        this.task = scheduler.scheduleWithFixedDelay(this::publish, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** One call of the listener; never throws, because a scheduled task that throws is never run again. */
    private synchronized void publish() {
        if (closed) {
            return;
        }
        try {
            schedule.listener().accept(statistics.get());
        } catch (RuntimeException | Error failure) {
            if (failure instanceof VirtualMachineError) {
                throw failure;
            }
            failures.record("statsListener", failure instanceof RuntimeException r ? r : new RuntimeException(failure));
        }
    }

    /** Stops the schedule; waits for a call in progress (unless called from it). Idempotent. */
    @Override
    public void close() {
        task.cancel(false);
        synchronized (this) { // a call in progress finishes first
            closed = true;
        }
        if (owned != null) {
            owned.shutdown();
        }
    }
}
