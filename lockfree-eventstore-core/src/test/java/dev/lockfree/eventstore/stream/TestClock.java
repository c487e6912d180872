package dev.lockfree.eventstore.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand (also backwards, to check that stream timestamps never go back). */
final class TestClock extends Clock {

    private volatile Instant now;

    TestClock(long epochMillis) {
        this.now = Instant.ofEpochMilli(epochMillis);
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    void set(long epochMillis) {
        now = Instant.ofEpochMilli(epochMillis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
