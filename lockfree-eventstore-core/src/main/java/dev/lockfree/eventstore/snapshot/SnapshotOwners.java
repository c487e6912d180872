package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.EventStore;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which {@link Snapshotter} persists which {@link EventStore}: at most one at a time. Two snapshotters on one
 * store would write the same partitions with their own sequences, epochs and retention, each pruning the other's
 * files, and restore twice. Kept here rather than on the store, which knows nothing of persistence; entries go
 * away with the store (weak keys) or when the snapshotter closes.
 */
final class SnapshotOwners {

    /** EventStore keeps Object identity for equals/hashCode, so this is an identity map with weak keys. */
    private static final Map<EventStore<?>, WeakReference<Snapshotter<?>>> OWNERS = new WeakHashMap<>();

    private SnapshotOwners() {
    }

    /**
     * Makes {@code snapshotter} the one of {@code store}.
     *
     * @throws IllegalStateException when another, not closed, snapshotter has it
     */
    static synchronized void claim(EventStore<?> store, Snapshotter<?> snapshotter) {
        WeakReference<Snapshotter<?>> current = OWNERS.get(store);
        Snapshotter<?> owner = current == null ? null : current.get();
        if (owner != null && owner != snapshotter) {
            throw new IllegalStateException("Snapshots already configured for this store instance: the snapshotter "
                    + "of store '" + owner.storeName() + "' persists this EventStore; close() it before creating "
                    + "another snapshotter (here for store '" + snapshotter.storeName() + "') on the same EventStore."
                    + " Two would write the same partitions with their own sequences and retention.");
        }
        OWNERS.put(store, new WeakReference<>(snapshotter));
    }

    /** Gives up {@code store} if {@code snapshotter} has it. */
    static synchronized void release(EventStore<?> store, Snapshotter<?> snapshotter) {
        WeakReference<Snapshotter<?>> current = OWNERS.get(store);
        if (current != null && current.get() == snapshotter) {
            OWNERS.remove(store);
        }
    }
}
