package dev.lockfree.eventstore;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A compact numeric event: a dense integer key (see {@link KeyMap}), a value and a timestamp in epoch
 * milliseconds. The snapshot subsystem has a built-in codec for it.
 */
public record Event(int key, double value, long timestamp) {

    public static final ToLongFunction<Event> TIMESTAMP = Event::timestamp;
    public static final ToDoubleFunction<Event> VALUE = Event::value;
    public static final Function<Event, Integer> KEY = Event::key;

    public Event(int key, double value, Instant timestamp) {
        this(key, value, timestamp.toEpochMilli());
    }

    public Instant instant() {
        return Instant.ofEpochMilli(timestamp);
    }

    /** A builder for a store of {@code Event}s with its timestamp, value and key selectors set. */
    public static EventStoreBuilder<Event> storeBuilder() {
        return EventStore.<Event>builder()
                .withTimestampSelector(TIMESTAMP)
                .withValueSelector(VALUE)
                .withKeySelector(KEY);
    }
}
