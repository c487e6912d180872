package dev.lockfree.eventstore.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One event read back from a stream.
 *
 * @param stream    the stream it belongs to
 * @param version   its version in the stream (0 for the first event ever appended)
 * @param timestamp when the server stored it
 * @param data      the event's JSON object, as a {@code JsonNode} or mapped to the requested type
 * @param <T>       the type of {@code data}
 */
public record RecordedEvent<T>(String stream, long version, Instant timestamp, T data) {

    /**
     * Checks the components.
     *
     * @param stream    the stream
     * @param version   the event's version
     * @param timestamp when the server stored it
     * @param data      the event's data
     * @throws NullPointerException if a component is null
     */
    public RecordedEvent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }
}
