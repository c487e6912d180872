package dev.lockfree.eventstore.snapshot;

import java.util.Objects;

/**
 * An event the codec could not encode, left out of a snapshot so that the partition's other events are still
 * persisted (see {@link SnapshotFormat#encodeSkippingFailures}).
 *
 * @param index the event's position in {@link PartitionSnapshot#events()}
 * @param error what the codec threw; its message may quote the event, so log it with care
 */
public record SkippedEvent(int index, Exception error) {

    public SkippedEvent {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        Objects.requireNonNull(error, "error must not be null");
    }
}
