package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.StoreInternals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.PartitionFeed;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Source positions (Kafka offsets) travel inside snapshots with the events: written in format version 2, read
 * back by restorePartition, captured for exactly the newest captured event even while the feed appends.
 */
class SourcePositionSnapshotTest {

    static {
        Fixtures.quietLogs();
    }

    private static final String STORE = "orders";

    @TempDir
    Path root;

    private static EventStore<Event> fedStore(int partitions, int capacity) {
        return EventStore.<Event>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withKeySelector(Event::key).withTimestampSelector(Event::timestamp) // fed with append(p, e, offset)
                .withExternalFeed(STORE, "the orders publisher").create();
    }

    private static SnapshotOptions manual() {
        return SnapshotOptions.builder().interval(java.time.Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, java.time.Duration.ofSeconds(1)).build();
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void aSourcePositionRoundTripsInFormatVersion2AndVersion1FilesReadWithout(boolean compress) throws IOException {
        SnapshotFormat format = SnapshotFormat.defaults();
        List<Event> events = List.of(new Event(1, 1, 1), new Event(2, 2, 2));
        PartitionSnapshot<Event> with = new PartitionSnapshot<>(STORE, 3, 7, 8, 0, Instant.ofEpochMilli(5), 1, events,
                OptionalLong.of(123_456_789_012L));
        byte[] file = format.encode(with, EventCodecs.event(), compress);
        assertThat(format.readHeader(file, "f").formatVersion()).isEqualTo(2);
        assertThat(format.readHeader(file, "f").sourcePosition()).hasValue(123_456_789_012L);
        assertThat(format.decode(file, "f", EventCodecs.event())).isEqualTo(with);

        PartitionSnapshot<Event> without = new PartitionSnapshot<>(STORE, 3, 7, 8, 0, Instant.ofEpochMilli(5), 1, events);
        byte[] v1 = format.encode(without, EventCodecs.event(), compress);
        assertThat(format.readHeader(v1, "f").formatVersion()).isEqualTo(1);
        assertThat(format.decode(v1, "f", EventCodecs.event()).sourcePosition()).isEmpty();
        assertThat(v1.length).isEqualTo(file.length - 8);

        // the position is under the header checksum
        byte[] flipped = file.clone();
        int at = format.readHeader(file, "f").headerLength() - 4 - 1; // last byte of the position
        flipped[at] ^= 1;
        assertThatThrownBy(() -> format.readHeader(flipped, "f")).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("header checksum");
        assertThatThrownBy(() -> new PartitionSnapshot<>(STORE, 0, 0, -1, 0, Instant.EPOCH, 1, List.<Event>of(),
                OptionalLong.of(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restartRestoresEachPartitionWithTheOffsetOfItsNewestEvent() throws IOException {
        EventStore<Event> store = fedStore(2, 5);
        PartitionFeed<Event> feed = store.claimFeed();
        for (int offset = 0; offset < 8; offset++) {
            feed.append(1, new Event(offset, offset, offset), offset);
        }
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, STORE, EventCodecs.event(), files, manual())) {
            assertThat(snapshotter.snapshotNow()).as("partition 0 has no events: not written").isEqualTo(1);
        }

        EventStore<Event> restarted = fedStore(2, 5);
        PartitionFeed<Event> feed2 = restarted.claimFeed();
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(restarted, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            PartitionRestore p1 = snapshotter.restorePartition(1);
            assertThat(p1.eventsRestored()).isEqualTo(5);
            assertThat(p1.sourcePosition()).hasValue(7);
            assertThat(p1.takenAt()).isPresent();
            assertThat(restarted.copyPartition(1)).extracting(Event::key).containsExactly(3, 4, 5, 6, 7);
            assertThat(feed2.newestSourcePosition(1)).hasValue(7);
            PartitionRestore p0 = snapshotter.restorePartition(0);
            assertThat(p0.eventsRestored()).isZero();
            assertThat(p0.sourcePosition()).isEmpty();
            assertThatThrownBy(() -> snapshotter.restorePartition(2)).isInstanceOf(IndexOutOfBoundsException.class);
            // unchanged since the restore: nothing to write
            assertThat(snapshotter.snapshotPartitionNow(1)).isFalse();
            feed2.append(1, new Event(8, 8, 8), 8);
            assertThat(snapshotter.snapshotPartitionNow(1)).isTrue();
        }
        assertThat(new FileSystemSnapshotStore(root).loadLatest(STORE, 1, EventCodecs.event(), OptionalInt.empty())
                .orElseThrow().sourcePosition()).hasValue(8);
    }

    @Test
    void aReleasedPartitionKeepsItsSnapshotButAClearedOneIsFencedOff() throws IOException {
        EventStore<Event> store = fedStore(2, 4);
        PartitionFeed<Event> feed = store.claimFeed();
        for (int offset = 0; offset < 6; offset++) {
            feed.append(0, new Event(offset, offset, offset), 100 + offset);
            feed.append(1, new Event(offset, offset, offset), 200 + offset);
        }
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, STORE, EventCodecs.event(), files, manual())) {
            assertThat(snapshotter.snapshotNow()).isEqualTo(2);
            feed.release(0); // revoked: the events move to another owner
            store.clearPartition(1); // deleted
            assertThat(snapshotter.snapshotNow()).as("empty fed partitions are not written").isZero();
            assertThat(snapshotter.metrics().partitions().get(0).eventsSinceLastSnapshot()).isZero();

            PartitionRestore back = snapshotter.restorePartition(0); // assigned again
            assertThat(back.sourcePosition()).hasValue(105);
            assertThat(store.copyPartition(0)).extracting(Event::key).containsExactly(2, 3, 4, 5);
            assertThat(snapshotter.restorePartition(1).eventsRestored()).as("cleared: fenced off").isZero();
        }
    }

    @Test
    void restorePartitionRefusesADirectoryOfAnotherPartitionCount() throws IOException {
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        files.save(Fixtures.events(3, 10, 2, 0), EventCodecs.event(), false);
        EventStore<Event> store = fedStore(2, 4);
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, Fixtures.STORE, EventCodecs.event(), files,
                manual())) {
            assertThatThrownBy(() -> snapshotter.restorePartition(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("include partition 3").hasMessageContaining("restore() the whole store");
        }
    }

    /**
     * The feed appends at full speed into a small partition (it laps the ring and the position slots all the
     * time) while captures and snapshots run: every capture's position is that of its newest event, exactly.
     * Each event carries its own offset as its value, so a wrong pairing cannot hide.
     */
    @Test
    void aCaptureNamesThePositionOfExactlyItsNewestEventWhileTheFeedAppends() throws Exception {
        long seed = System.nanoTime();
        System.out.println("aCaptureNamesThePositionOfExactlyItsNewestEventWhileTheFeedAppends seed=" + seed);
        Random random = new Random(seed);
        EventStore<Event> store = fedStore(1, 64);
        PartitionFeed<Event> feed = store.claimFeed();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> feedError = new AtomicReference<>();
        int[] gaps = random.ints(1024, 1, 4).toArray(); // offsets with gaps, as after compaction
        Thread feeder = new Thread(() -> {
            try {
                long offset = 0;
                for (int i = 0; !stop.get(); i++) {
                    offset += gaps[i & 1023];
                    feed.append(0, new Event(i, offset, i), offset);
                }
            } catch (Throwable t) {
                feedError.set(t);
            }
        }, "feeder");
        RecordingStore files = new RecordingStore(new InMemorySnapshotStore());
        feeder.start();
        int checked = 0;
        int lapped = 0;
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, STORE, EventCodecs.event(), files,
                SnapshotOptions.builder().interval(java.time.Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                        .stableCaptureMaxAttempts(1000).finalSnapshot(false, java.time.Duration.ofSeconds(1)).build())) {
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                StoreInternals.Capture<Event> capture = StoreInternals.of(store).capture(0);
                if (capture.events().isEmpty()) {
                    continue;
                }
                OptionalLong position = store.sourcePosition(0, capture.lastSequence());
                if (position.isEmpty()) {
                    lapped++;
                } else {
                    assertThat(position.getAsLong()).isEqualTo((long) capture.events().get(capture.events().size() - 1)
                            .value());
                    checked++;
                }
                snapshotter.snapshotPartitionNow(0);
            }
        } finally {
            stop.set(true);
            feeder.join();
        }
        assertThat(feedError.get()).isNull();
        assertThat(checked).isGreaterThan(100);
        System.out.println("captures checked=" + checked + ", lapped (retried)=" + lapped + ", snapshots="
                + files.saved.size());
        assertThat(files.saved).hasSizeGreaterThan(10);
        for (PartitionSnapshot<?> s : files.saved) {
            Event newest = (Event) s.events().get(s.events().size() - 1);
            assertThat(s.sourcePosition()).hasValue((long) newest.value());
            // contiguous run of feed appends: keys are consecutive
            for (int i = 1; i < s.events().size(); i++) {
                assertThat(((Event) s.events().get(i)).key()).isEqualTo(((Event) s.events().get(i - 1)).key() + 1);
            }
        }
    }

    /** Keeps every saved snapshot (the delegate prunes). */
    private static final class RecordingStore implements SnapshotStore {
        final List<PartitionSnapshot<?>> saved = new CopyOnWriteArrayList<>();
        private final SnapshotStore delegate;

        RecordingStore(SnapshotStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
                throws IOException {
            saved.add(snapshot);
            return delegate.save(snapshot, codec, compress);
        }

        @Override
        public <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                             OptionalInt expectedSchemaVersion) throws IOException {
            return delegate.loadLatest(storeName, partition, codec, expectedSchemaVersion);
        }

        @Override
        public int prune(String storeName, int partition, int keep) throws IOException {
            return delegate.prune(storeName, partition, keep);
        }

        @Override
        public void writeEpochMarker(String storeName, int partition, long epoch) throws IOException {
            delegate.writeEpochMarker(storeName, partition, epoch);
        }

        @Override
        public OptionalLong readEpochMarker(String storeName, int partition) throws IOException {
            return delegate.readEpochMarker(storeName, partition);
        }

        @Override
        public List<Integer> partitions(String storeName) throws IOException {
            return delegate.partitions(storeName);
        }
    }

}
