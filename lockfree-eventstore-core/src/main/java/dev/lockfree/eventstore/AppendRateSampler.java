package dev.lockfree.eventstore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns readings of the appended total into a rate and a last-append time, on the reading thread, so
 * that appends never read the clock. Keeps readings of the last {@value #HORIZON_MILLIS} ms.
 */
final class AppendRateSampler {

    static final long HORIZON_MILLIS = 5_000;
    private static final int MAX_SAMPLES = 64;

    private final Clock clock;
    private final long[] times = new long[MAX_SAMPLES];
    private final long[] totals = new long[MAX_SAMPLES];
    private int oldest;
    private int size;
    private long lastTotal;
    private Instant lastChange;

    AppendRateSampler(Clock clock) {
        this.clock = clock;
        add(clock.millis(), 0);
    }

    record Reading(double perSecond, Optional<Instant> lastAppend) {
    }

    synchronized Reading sample(long total) {
        final long now = clock.millis();
        if (total != lastTotal) {
            lastTotal = total;
            lastChange = Instant.ofEpochMilli(now);
        }
        // reference: the oldest reading inside the horizon, else the newest one before it
        int ref = -1;
        for (int k = 0; k < size; k++) {
            ref = (oldest + k) % MAX_SAMPLES;
            if (now - times[ref] <= HORIZON_MILLIS) {
                break;
            }
        }
        double rate = 0;
        if (ref >= 0 && now > times[ref]) {
            rate = (total - totals[ref]) * 1000.0 / (now - times[ref]);
        }
        add(now, total);
        return new Reading(Math.max(0, rate), total == 0 ? Optional.empty() : Optional.ofNullable(lastChange));
    }

    private void add(long now, long total) {
        // drop readings older than the horizon, keeping one as the reference for a slow reader
        while (size > 1 && now - times[(oldest + 1) % MAX_SAMPLES] > HORIZON_MILLIS) {
            oldest = (oldest + 1) % MAX_SAMPLES;
            size--;
        }
        if (size == MAX_SAMPLES) {
            oldest = (oldest + 1) % MAX_SAMPLES;
            size--;
        }
        int i = (oldest + size) % MAX_SAMPLES;
        times[i] = now;
        totals[i] = total;
        size++;
    }
}
