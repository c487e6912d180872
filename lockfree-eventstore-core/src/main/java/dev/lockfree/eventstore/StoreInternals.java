package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.KeyRouting;
import dev.lockfree.eventstore.partition.PartitionRing;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * <b>Internal: not part of the public API.</b> What the core's own persistence and stream layers
 * ({@code snapshot.Snapshotter}, {@code stream.EventStreams}) need from an {@link EventStore} beyond its public
 * surface: partition captures, restore, removal counts and change counts, and maintenance listeners. It may change
 * in any release without notice.
 *
 * <p>Why a separate type rather than public methods on {@link EventStore}: those methods would sit in every
 * user's completion list, and a capture would hand out the ring's own types, so that the snapshot package
 * reached into {@code partition} through the store's public API. Here the store hands its internals out
 * through {@link #of}, as the JDK's {@code SharedSecrets} does across packages: public because Java has no
 * "friend" packages, documented as internal, and never returned by any public method of the store.
 *
 * @param <E> the event type of the store
 */
public final class StoreInternals<E> {

    /**
     * What a snapshot of one partition holds: a contiguous run of appends (G1) and the durable sequence range
     * it covers. Sequences are ring positions: they never go back, not on clear, not on purge, and a restore
     * continues them, so "newer snapshot" always means "higher {@code lastSequence}".
     *
     * @param firstSequence     sequence of the first event, or {@code lastSequence + 1} when empty
     * @param lastSequence      sequence of the last event, or the last sequence claimed before the capture
     * @param removals          {@link StoreInternals#removals} when the capture started
     * @param timestamps        on a store that takes its timestamps from its feed, {@code timestamps[i]} is the feed
     *                          timestamp of event {@code i} (owned by the capture; -1 for the oldest
     *                          {@code missingTimestamps} events); null on other stores
     * @param missingTimestamps how many of the oldest events have no timestamp any more: the feed overwrote them
     *                          between the capture of the events and the look-up of their timestamps
     */
    public record Capture<E>(List<E> events, long firstSequence, long lastSequence, long removals, long[] timestamps,
                             int missingTimestamps) {

        /** A capture of a store that takes no timestamps from its feed. */
        public Capture(List<E> events, long firstSequence, long lastSequence, long removals) {
            this(events, firstSequence, lastSequence, removals, null, 0);
        }

        /** This capture without its {@code n} oldest events (and their timestamps). */
        public Capture<E> withoutOldest(int n) {
            if (n <= 0) {
                return this;
            }
            if (n >= events.size()) {
                return new Capture<>(List.of(), lastSequence + 1, lastSequence, removals,
                        timestamps == null ? null : new long[0], 0);
            }
            return new Capture<>(events.subList(n, events.size()), firstSequence + n, lastSequence, removals,
                    timestamps == null ? null : java.util.Arrays.copyOfRange(timestamps, n, timestamps.length),
                    Math.max(0, missingTimestamps - n));
        }
    }

    private final EventStore<E> store;
    /**
     * Test seam, null outside tests: told the partition between a capture's read of its events and its look-up of
     * their feed timestamps, so that a test can lap the timestamps there deterministically (a feed racing the
     * capture does so only by chance). Read once per capture of a store that takes feed timestamps; never on the
     * append path.
     */
    private volatile java.util.function.IntConsumer beforeTimestampLookup;

    StoreInternals(EventStore<E> store) {
        this.store = store;
    }

    /** The internals of {@code store}. */
    public static <E> StoreInternals<E> of(EventStore<E> store) {
        return Objects.requireNonNull(store, "store must not be null").internals();
    }

    /**
     * Captures one partition for a snapshot without blocking producers: a contiguous run of fully published
     * appends (G1) with its durable sequence range.
     */
    public Capture<E> capture(int partition) {
        PartitionRing.Capture<E> capture = store.ring(partition).capture();
        if (!store.takesFeedTimestamps()) {
            return new Capture<>(capture.events(), capture.firstSequence(), capture.lastSequence(),
                    capture.removals());
        }
        // Each event's timestamp by its sequence, newest first: the feed overwrites the oldest first, so once one is
        // gone, so are all older ones. The slot's tag is the sequence, so a timestamp found is that event's own.
        java.util.function.IntConsumer hook = beforeTimestampLookup;
        if (hook != null) {
            hook.accept(partition);
        }
        List<E> events = capture.events();
        long[] timestamps = new long[events.size()];
        int missing = 0;
        if (capture.lastSequence() - capture.firstSequence() + 1 != events.size()) {
            missing = events.size(); // holes of a racing clear: the events' sequences are unknown
            java.util.Arrays.fill(timestamps, -1L);
        } else {
            for (int i = events.size() - 1; i >= 0; i--) {
                long timestamp = store.feedTimestamp(partition, capture.firstSequence() + i);
                if (timestamp < 0) {
                    missing = i + 1;
                    java.util.Arrays.fill(timestamps, 0, missing, -1L);
                    break;
                }
                timestamps[i] = timestamp;
            }
        }
        return new Capture<>(events, capture.firstSequence(), capture.lastSequence(), capture.removals(), timestamps,
                missing);
    }

    /**
     * Test seam: {@code hook} (null to remove it) runs in every {@link #capture} of this store, if it takes feed
     * timestamps, after the events are read and before their timestamps are looked up.
     */
    void beforeTimestampLookup(java.util.function.IntConsumer hook) {
        this.beforeTimestampLookup = hook;
    }

    /** Whether the store takes each event's timestamp from its feed (captures then carry them). */
    public boolean takesFeedTimestamps() {
        return store.takesFeedTimestamps();
    }

    /** {@link EventStore#restorePartition(int, List, long, OptionalLong, long[])}. */
    public int restore(int partition, List<? extends E> events, long lastSequence, OptionalLong sourcePosition,
                       long[] timestamps) {
        return store.restorePartition(partition, events, lastSequence, sourcePosition, timestamps);
    }

    /** {@link EventStore#restorePartition(int, List, long, OptionalLong)}. */
    public int restore(int partition, List<? extends E> events, long lastSequence, OptionalLong sourcePosition) {
        return store.restorePartition(partition, events, lastSequence, sourcePosition);
    }

    /** {@link EventStore#restorePartition(int, List, long)}. */
    public int restore(int partition, List<? extends E> events, long lastSequence) {
        return store.restorePartition(partition, events, lastSequence);
    }

    /**
     * A number that changes whenever the content of {@code partition} changes (append, clear, purge,
     * restore); snapshot triggers compare it with the value at the last snapshot.
     */
    public long changeCount(int partition) {
        PartitionRing<E> ring = store.ring(partition);
        return ring.nextSequence() + ring.removals();
    }

    /** How many clear/purge passes removed events from {@code partition}. */
    public long removals(int partition) {
        return store.ring(partition).removals();
    }

    /**
     * Registers a listener told about every clear/purge that removed events and every restore that put events
     * back (see {@link MaintenanceListener}).
     */
    public void addMaintenanceListener(MaintenanceListener listener) {
        store.addMaintenanceListener(listener);
    }

    public void removeMaintenanceListener(MaintenanceListener listener) {
        store.removeMaintenanceListener(listener);
    }

    /**
     * The partition {@code key} routes to in a store of {@code partitions} partitions, the same routing as
     * {@link EventStore#partitionFor} (which answers for this store's partition count only).
     */
    public static int partitionFor(Object key, int partitions) {
        return KeyRouting.partitionFor(key, partitions);
    }
}
