package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.codec.EventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A SnapshotStore in memory, with failures on demand: tests the Snapshotter's logic without files. */
final class InMemorySnapshotStore implements SnapshotStore {

    final Map<Integer, List<PartitionSnapshot<?>>> saved = new ConcurrentHashMap<>();
    final Map<Integer, Long> markers = new ConcurrentHashMap<>();
    final AtomicInteger failNextSaves = new AtomicInteger();
    final AtomicInteger saveCalls = new AtomicInteger();
    volatile boolean failMarkers;
    private final int reportedPartitionsBeyond;

    InMemorySnapshotStore() {
        this(-1);
    }

    /** Pretends a snapshot of this partition exists on disk (to test a partition-count mismatch). */
    InMemorySnapshotStore(int reportedPartitionsBeyond) {
        this.reportedPartitionsBeyond = reportedPartitionsBeyond;
    }

    @Override
    public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
            throws IOException {
        saveCalls.incrementAndGet();
        if (failNextSaves.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("injected save failure");
        }
        saved.computeIfAbsent(snapshot.partition(), p -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(snapshot);
        return new SavedSnapshot(snapshot.storeName(), snapshot.partition(), "memory",
                100L + snapshot.events().size());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                         OptionalInt expectedSchemaVersion)
            throws IncompatibleSnapshotException {
        long marker = markers.getOrDefault(partition, 0L);
        Optional<PartitionSnapshot<?>> newest = saved.getOrDefault(partition, List.of()).stream()
                .filter(s -> s.epoch() >= marker)
                .max(Comparator.<PartitionSnapshot<?>>comparingLong(PartitionSnapshot::lastSequence)
                        .thenComparing(PartitionSnapshot::takenAt));
        if (newest.isPresent() && expectedSchemaVersion.isPresent()
                && expectedSchemaVersion.getAsInt() != newest.get().schemaVersion()) {
            throw new IncompatibleSnapshotException("Snapshot schema mismatch. Expected="
                    + expectedSchemaVersion.getAsInt() + " Actual=" + newest.get().schemaVersion()
                    + " Partition=" + partition);
        }
        return newest.map(s -> (PartitionSnapshot<E>) s);
    }

    @Override
    public int prune(String storeName, int partition, int keep) {
        List<PartitionSnapshot<?>> list = saved.getOrDefault(partition, List.of());
        synchronized (list) {
            int deleted = 0;
            while (list.size() > keep) {
                list.remove(0);
                deleted++;
            }
            return deleted;
        }
    }

    @Override
    public void writeEpochMarker(String storeName, int partition, long epoch) throws IOException {
        if (failMarkers) {
            throw new IOException("injected marker failure");
        }
        markers.merge(partition, epoch, Math::max);
    }

    @Override
    public OptionalLong readEpochMarker(String storeName, int partition) {
        Long marker = markers.get(partition);
        return marker == null ? OptionalLong.empty() : OptionalLong.of(marker);
    }

    @Override
    public List<Integer> partitions(String storeName) {
        TreeSet<Integer> partitions = new TreeSet<>(saved.keySet());
        if (reportedPartitionsBeyond >= 0) {
            partitions.add(reportedPartitionsBeyond);
        }
        return List.copyOf(partitions);
    }

    int count(int partition) {
        return saved.getOrDefault(partition, List.of()).size();
    }
}
