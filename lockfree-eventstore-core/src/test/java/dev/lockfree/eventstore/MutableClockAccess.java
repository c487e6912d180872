package dev.lockfree.eventstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Lets tests in other packages use {@link MutableClock}. */
public final class MutableClockAccess {

    private final MutableClock clock;

    public MutableClockAccess(Instant start) {
        this.clock = new MutableClock(start);
    }

    public Clock clock() {
        return clock;
    }

    public void advance(Duration by) {
        clock.advance(by);
    }
}
