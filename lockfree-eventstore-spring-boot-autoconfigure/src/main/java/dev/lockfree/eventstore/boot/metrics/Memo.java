package dev.lockfree.eventstore.boot.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The last reading of a supplier, reused for {@code maxAge}. A scrape reads a dozen meters of a store
 * within microseconds; each would otherwise take its own statistics of every partition.
 */
final class Memo<T> {

    private record Reading<T>(T value, long atNanos) {
    }

    private final Supplier<T> supplier;
    private final long maxAgeNanos;
    /** {@code null} until the first reading. */
    private volatile @Nullable Reading<T> last;

    Memo(Supplier<T> supplier, Duration maxAge) {
        this.supplier = supplier;
        this.maxAgeNanos = maxAge.toNanos();
    }

    T get() {
        Reading<T> reading = last;
        long now = System.nanoTime();
        if (reading == null || now - reading.atNanos() > maxAgeNanos || maxAgeNanos == 0) {
            // racing readers may both read the source: harmless, the newer reading wins
            reading = new Reading<>(supplier.get(), now);
            last = reading;
        }
        return reading.value();
    }
}
