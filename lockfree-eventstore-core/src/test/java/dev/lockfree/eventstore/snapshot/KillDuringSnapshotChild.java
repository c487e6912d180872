package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link KillDuringSnapshotTest}: restores, then appends and snapshots in a loop until
 * it is killed. Each event's value is its own sequence, so the parent can check that what comes back is
 * a gap-free run. A line {@code SAVED p seq} is printed only after {@code snapshotNow()} returned, i.e.
 * after the file was renamed and the directory synced.
 */
public final class KillDuringSnapshotChild {

    static final String STORE = "killed";
    static final int PARTITIONS = 2;
    static final int CAPACITY = 2_000;

    private KillDuringSnapshotChild() {
    }

    static EventStore<Event> newStore() {
        return Event.storeBuilder().withPartitions(PARTITIONS).withCapacityPerPartition(CAPACITY).create();
    }

    static Snapshotter<Event> snapshotter(EventStore<Event> store, Path dir) throws java.io.IOException {
        return new Snapshotter<>(store, STORE, EventCodecs.event(), new FileSystemSnapshotStore(dir),
                SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                        .snapshotsToKeep(2).finalSnapshot(false, Duration.ZERO).build());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EventStore<Event> store = newStore();
        Snapshotter<Event> snapshotter = snapshotter(store, dir);
        snapshotter.restore();
        System.out.println("RESTORED " + store.lastSequence(0) + " " + store.lastSequence(1));
        System.out.flush();
        for (long round = 0;; round++) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < 300; i++) {
                    long sequence = store.lastSequence(p) + 1; // single producer: the position it will get
                    store.tryAppend(new Event(p, sequence, round), p);
                }
            }
            snapshotter.snapshotNow();
            for (int p = 0; p < PARTITIONS; p++) {
                System.out.println("SAVED " + p + " " + snapshotter.metrics().partitions().get(p).lastVersion());
            }
            System.out.flush();
        }
    }
}
