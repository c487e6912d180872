package dev.lockfree.eventstore;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** A labelled measurement: label, value and timestamp in epoch milliseconds. */
public record MetricEvent(String label, double value, long timestamp) {

    public static final ToLongFunction<MetricEvent> TIMESTAMP = MetricEvent::timestamp;
    public static final ToDoubleFunction<MetricEvent> VALUE = MetricEvent::value;
    public static final Function<MetricEvent, String> LABEL = MetricEvent::label;

    public MetricEvent {
        Objects.requireNonNull(label, "label must not be null");
    }

    public MetricEvent(String label, double value, Instant timestamp) {
        this(label, value, timestamp.toEpochMilli());
    }

    public Instant instant() {
        return Instant.ofEpochMilli(timestamp);
    }

    /**
     * A builder for a store of {@code MetricEvent}s with timestamp and value selectors set. Events are
     * spread by producer, not by label; add {@code withKeySelector(MetricEvent.LABEL)} to keep each
     * label on one partition.
     */
    public static EventStoreBuilder<MetricEvent> storeBuilder() {
        return EventStore.<MetricEvent>builder()
                .withTimestampSelector(TIMESTAMP)
                .withValueSelector(VALUE);
    }
}
