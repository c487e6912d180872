package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.protocol.StreamNames;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a stream as the backing {@link dev.lockfree.eventstore.EventStore} holds it (and as
 * snapshots persist it), and as {@link EventStreams#read} returns it.
 *
 * @param stream         the stream name (valid per {@link StreamNames})
 * @param version        its version in the stream, from 0
 * @param timestamp      epoch milliseconds from the store's clock when the version was assigned; never
 *                       smaller than the previous version's
 * @param idempotencyKey the key the append carried, or {@code null}
 * @param event          the event itself
 */
public record StreamRecord<E>(String stream, long version, long timestamp, String idempotencyKey, E event) {

    public StreamRecord {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(event, "event must not be null");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0 but was " + version);
        }
    }

    public Instant instant() {
        return Instant.ofEpochMilli(timestamp);
    }
}
