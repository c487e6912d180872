package dev.lockfree.eventstore.snapshot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The persisted state of one partition of one store.
 *
 * @param storeName     the store, see {@link SnapshotNames#STORE_NAME}
 * @param partition     the partition index, {@code >= 0}
 * @param firstSequence sequence of the oldest retained event ({@code lastSequence + 1} when empty)
 * @param lastSequence  sequence of the newest appended event: the durable per-partition version, which keeps
 *                      growing across restores and clears, so "newest" is well defined
 * @param epoch         purge/clear epoch the capture belongs to; snapshots below the partition's epoch
 *                      marker are ignored on restore
 * @param takenAt       capture time, truncated to milliseconds (the file stores milliseconds)
 * @param schemaVersion the caller's schema version of the events, {@code >= 1}
 * @param events        the retained events, oldest first (an unmodifiable copy)
 * @param sourcePosition for an externally fed store (e.g. from Kafka), the source position (offset) of the newest
 *                      event in {@code events}, captured with them, so that a restored partition and the position
 *                      to resume its feed from can never disagree; empty otherwise (and in files written without it)
 * @param eventTimestamps for a store that takes each event's timestamp from its feed (externally fed, no timestamp
 *                      selector), the timestamp of each event in {@code events}, in the same order; empty otherwise
 *                      (and in files written before format version 3)
 * @param <E>           the event type
 */
public record PartitionSnapshot<E>(String storeName, int partition, long firstSequence, long lastSequence,
        long epoch, Instant takenAt, int schemaVersion, List<E> events, OptionalLong sourcePosition,
        java.util.Optional<EventTimestamps> eventTimestamps) {

    /** A snapshot without event timestamps. */
    public PartitionSnapshot(String storeName, int partition, long firstSequence, long lastSequence, long epoch,
                             Instant takenAt, int schemaVersion, List<E> events, OptionalLong sourcePosition) {
        this(storeName, partition, firstSequence, lastSequence, epoch, takenAt, schemaVersion, events, sourcePosition,
                java.util.Optional.empty());
    }

    /** A snapshot without a source position. */
    public PartitionSnapshot(String storeName, int partition, long firstSequence, long lastSequence, long epoch,
                             Instant takenAt, int schemaVersion, List<E> events) {
        this(storeName, partition, firstSequence, lastSequence, epoch, takenAt, schemaVersion, events,
                OptionalLong.empty());
    }

    public PartitionSnapshot {
        SnapshotNames.requireValidStoreName(storeName);
        SnapshotNames.requireValidPartition(partition);
        if (firstSequence < 0) {
            throw new IllegalArgumentException("firstSequence must be >= 0: " + firstSequence);
        }
        if (lastSequence < firstSequence - 1) {
            throw new IllegalArgumentException("firstSequence must be <= lastSequence + 1: firstSequence="
                    + firstSequence + ", lastSequence=" + lastSequence);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        Objects.requireNonNull(takenAt, "takenAt must not be null");
        if (takenAt.isBefore(Instant.EPOCH) || takenAt.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            throw new IllegalArgumentException("takenAt must be between the epoch and year 292278994: " + takenAt);
        }
        takenAt = takenAt.truncatedTo(ChronoUnit.MILLIS);
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1: " + schemaVersion);
        }
        Objects.requireNonNull(events, "events must not be null");
        // a copy (which also rejects null elements), unless this package vouches that nobody else holds the list
        events = events instanceof TrustedEventList ? events : List.copyOf(events);
        Objects.requireNonNull(sourcePosition, "sourcePosition must not be null");
        if (sourcePosition.isPresent() && sourcePosition.getAsLong() < 0) {
            throw new IllegalArgumentException("sourcePosition must be >= 0: " + sourcePosition.getAsLong());
        }
        if (sourcePosition.isPresent() && events.isEmpty()) {
            throw new IllegalArgumentException("a snapshot without events has no source position");
        }
        Objects.requireNonNull(eventTimestamps, "eventTimestamps must not be null");
        if (eventTimestamps.isPresent() && eventTimestamps.get().size() != events.size()) {
            throw new IllegalArgumentException("eventTimestamps must hold one timestamp per event: " + events.size()
                    + " events but " + eventTimestamps.get().size() + " timestamps");
        }
    }

    /** Whether the snapshot carries a timestamp per event ({@link #eventTimestamps()}). */
    public boolean hasEventTimestamps() {
        return eventTimestamps.isPresent();
    }

    /**
     * The timestamp of event {@code i}.
     *
     * @throws IllegalStateException if the snapshot carries no event timestamps
     */
    public long timestampAt(int i) {
        if (eventTimestamps.isEmpty()) {
            throw new IllegalStateException("this snapshot carries no event timestamps");
        }
        return eventTimestamps.get().get(i);
    }

    public int eventCount() {
        return events.size();
    }
}
