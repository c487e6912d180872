package dev.lockfree.eventstore.snapshot;

import java.util.Arrays;

/**
 * The timestamps (epoch milliseconds, {@code >= 0}) of a snapshot's events, one per event in the same order, for a
 * store that takes each event's timestamp from its feed (e.g. a Kafka record's): immutable, primitive, so that a
 * snapshot of a million events holds one {@code long[]} rather than a million objects.
 */
public final class EventTimestamps {

    private final long[] millis;

    private EventTimestamps(long[] millis) {
        this.millis = millis;
    }

    /**
     * A copy of {@code millis}.
     *
     * @throws IllegalArgumentException naming the index of a negative timestamp
     */
    public static EventTimestamps of(long... millis) {
        return ofOwned(millis.clone());
    }

    /** Takes {@code millis} without a copy: the caller hands it over and keeps no reference. */
    static EventTimestamps ofOwned(long[] millis) {
        for (int i = 0; i < millis.length; i++) {
            if (millis[i] < 0) {
                throw new IllegalArgumentException("event timestamp " + i + " must be >= 0 but was " + millis[i]);
            }
        }
        return new EventTimestamps(millis);
    }

    public int size() {
        return millis.length;
    }

    /** The timestamp of event {@code i}. */
    public long get(int i) {
        return millis[i];
    }

    /** A copy of the timestamps. */
    public long[] toArray() {
        return millis.clone();
    }

    /** The array itself, for this package's encoder and restore, which only read it. */
    long[] array() {
        return millis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTimestamps other && Arrays.equals(millis, other.millis);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(millis);
    }

    @Override
    public String toString() {
        return "EventTimestamps[" + millis.length + "]";
    }
}
