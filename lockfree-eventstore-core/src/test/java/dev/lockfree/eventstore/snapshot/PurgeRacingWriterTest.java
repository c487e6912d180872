package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P7: a snapshot captured before a purge but renamed after it must not bring the purged events back
 * after a restart. The save is held at a latch between capture and write while the purge runs.
 */
class PurgeRacingWriterTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotCapturedBeforeAPurgeAndWrittenAfterItNeverResurrectsPurgedEvents() throws Exception {
        FileSystemSnapshotStore real = new FileSystemSnapshotStore(dir);
        CountDownLatch captured = new CountDownLatch(1);
        CountDownLatch purged = new CountDownLatch(1);
        SnapshotStore held = new DelegatingStore(real) {
            @Override
            public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
                    throws IOException {
                captured.countDown();
                try {
                    assertThat(purged.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.save(snapshot, codec, compress);
            }
        };
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).withCapacityPerPartition(100).create();
        for (int i = 0; i < 10; i++) {
            store.tryAppend(new Event(0, i, 1_000L * i));
        }
        Snapshotter<Event> snapshotter = new Snapshotter<>(store, "p7", EventCodecs.event(), held,
                SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0).build());
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(snapshotter::snapshotNow);
        assertThat(captured.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.purge(Instant.ofEpochMilli(5_000))).isEqualTo(5); // removes values 0..4
        purged.countDown();
        // the file store re-checks the epoch marker just before its rename and refuses the stale capture
        assertThat(writer.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(snapshotter.metrics().partitions().get(0).failedCount()).isZero();

        EventStore<Event> restarted = Event.storeBuilder().withPartitions(1).withCapacityPerPartition(100).create();
        new Snapshotter<>(restarted, "p7", EventCodecs.event(), real, SnapshotOptions.defaults()).restore();
        assertThat(restarted.snapshot()).extracting(Event::value).doesNotContain(0.0, 1.0, 2.0, 3.0, 4.0);

        // the next snapshot, after the purge, is the one that comes back
        snapshotter.snapshotNow();
        EventStore<Event> again = Event.storeBuilder().withPartitions(1).withCapacityPerPartition(100).create();
        new Snapshotter<>(again, "p7", EventCodecs.event(), real, SnapshotOptions.defaults()).restore();
        assertThat(again.snapshot()).extracting(Event::value).containsExactly(5.0, 6.0, 7.0, 8.0, 9.0);
    }

    /** Forwards everything to a real store. */
    private static class DelegatingStore implements SnapshotStore {
        private final SnapshotStore target;

        DelegatingStore(SnapshotStore target) {
            this.target = target;
        }

        @Override
        public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
                throws IOException {
            return target.save(snapshot, codec, compress);
        }

        @Override
        public <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                             OptionalInt expectedSchemaVersion) throws IOException {
            return target.loadLatest(storeName, partition, codec, expectedSchemaVersion);
        }

        @Override
        public int prune(String storeName, int partition, int keep) throws IOException {
            return target.prune(storeName, partition, keep);
        }

        @Override
        public void writeEpochMarker(String storeName, int partition, long epoch) throws IOException {
            target.writeEpochMarker(storeName, partition, epoch);
        }

        @Override
        public OptionalLong readEpochMarker(String storeName, int partition) throws IOException {
            return target.readEpochMarker(storeName, partition);
        }

        @Override
        public List<Integer> partitions(String storeName) throws IOException {
            return target.partitions(storeName);
        }
    }
}
