package dev.lockfree.eventstore;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * When and to whom a store pushes its {@link EventStoreStatistics} (the C# seed's {@code OnStatsUpdated} and
 * {@code StatsUpdateInterval}); configure it with {@link EventStoreBuilder#withStatsListener}.
 *
 * <p>The C# seed sampled on the append path, every N appends. Here appends never read the clock nor call out,
 * so the statistics are pushed from a timer instead: every {@code interval} (fixed delay, so a slow listener
 * delays the next call rather than piling calls up), one call at a time, never from an appending thread.
 *
 * @param interval  the delay between the end of one call and the start of the next, at least 1 ms
 * @param listener  receives each reading; an exception it throws is counted in
 *                  {@link EventStoreStatistics#callbackFailures()}, logged, and does not stop the schedule
 * @param scheduler where the calls run; {@code null} gives the store its own daemon thread, which
 *                  {@link EventStore#close()} stops. A caller's scheduler is never shut down by the store: its task
 *                  is cancelled on close
 */
public record StatisticsSchedule(Duration interval, Consumer<? super EventStoreStatistics> listener,
                                 ScheduledExecutorService scheduler) {

    public StatisticsSchedule {
        Objects.requireNonNull(interval, "statsInterval must not be null");
        Objects.requireNonNull(listener, "statsListener must not be null");
        if (interval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("statsInterval must be at least 1 ms but was " + interval);
        }
    }
}
