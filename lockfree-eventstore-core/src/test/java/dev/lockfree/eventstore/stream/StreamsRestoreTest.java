package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MaintenanceListener;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.RestoreResult;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams survive a restart: persisted with the Snapshotter, indexed again when the store is restored. */
class StreamsRestoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpochMilli(1_700_000_000_000L);
    private final StreamRecordCodec<String> codec = StreamRecordCodec.of(new StreamRecordCodecTest.StringCodec("str/1"));

    private static SnapshotOptions snapshotOptions() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0).build();
    }

    private EventStreams<String> fresh() {
        return EventStreams.<String>builder().partitions(3).capacityPerPartition(100).clock(clock).build();
    }

    private Snapshotter<StreamRecord<String>> snapshotter(EventStore<StreamRecord<String>> store) throws Exception {
        return new Snapshotter<>(store, "streams", codec, new FileSystemSnapshotStore(dir), snapshotOptions());
    }

    @Test
    void afterARestoreThroughTheSnapshotterVersionsContinueAndKeysAreDeduplicated() throws Exception {
        EventStreams<String> before = fresh();
        for (int i = 0; i < 5; i++) {
            before.append("orders", "o" + i, ExpectedVersion.ANY, "order-key-" + i);
            before.append("gateway/users", "u" + i);
        }
        try (Snapshotter<StreamRecord<String>> s = snapshotter(before.store())) {
            assertThat(s.snapshotNow()).isPositive();
        }

        // the Spring order: the streams bean exists first, the snapshot lifecycle restores afterwards
        EventStreams<String> after = fresh();
        RestoreResult restored = snapshotter(after.store()).restore();
        assertThat(restored.eventsRestored()).isEqualTo(10);

        assertThat(after.currentVersion("orders")).isEqualTo(4);
        assertThat(after.read("orders", 0, 100).events()).isEqualTo(before.read("orders", 0, 100).events());
        assertThat(after.read("gateway/users", 0, 100).events())
                .isEqualTo(before.read("gateway/users", 0, 100).events());
        assertThat(after.streamNames(null, null, 10)).containsExactly("gateway/users", "orders");
        assertThat(after.append("orders", "o5")).isEqualTo(5);
        assertThat(after.append("orders", "retry", ExpectedVersion.ANY, "order-key-3"))
                .isEqualTo(new AppendResult(3, true));
        assertThat(after.append("gateway/users", "u5", ExpectedVersion.exactly(4))).isEqualTo(5);
        assertThatThrownBy(() -> after.append("orders", "new", ExpectedVersion.NO_STREAM, "fresh-key"))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(5));
        assertThat(after.append("orders", "new", ExpectedVersion.exactly(5), "fresh-key"))
                .isEqualTo(new AppendResult(6, false));
    }

    @Test
    void aStoreRestoredBeforeTheStreamsExistIsIndexedWhenTheyAreCreated() throws Exception {
        EventStreams<String> before = fresh();
        before.append("a", "x", ExpectedVersion.ANY, "k");
        before.append("a", "y");
        try (Snapshotter<StreamRecord<String>> s = snapshotter(before.store())) {
            s.snapshotNow();
        }
        EventStore<StreamRecord<String>> store = EventStore.<StreamRecord<String>>builder().withPartitions(3)
                .withCapacityPerPartition(100).withClock(clock).create();
        snapshotter(store).restore();
        EventStreams<String> over = EventStreams.over(store);
        assertThat(over.currentVersion("a")).isEqualTo(1);
        assertThat(over.append("a", "again", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, true));
        assertThat(over.append("a", "z")).isEqualTo(2);
    }

    @Test
    void restoreByCaptureAndRestorePartitionKeepsOnlyTheGapFreeSuffixAndContinuesAfterTheNewest() {
        EventStreams<String> after = EventStreams.<String>builder().partitions(1).capacityPerPartition(100)
                .clock(clock).build();
        // the store order differs from the version order, and version 2 is missing (it was in flight)
        long t = clock.millis();
        List<StreamRecord<String>> records = List.of(
                new StreamRecord<>("s", 1, t, "k1", "one"),
                new StreamRecord<>("s", 0, t, "k0", "zero"),
                new StreamRecord<>("s", 4, t + 2, null, "four"),
                new StreamRecord<>("s", 3, t + 1, "k3", "three"));
        after.store().restorePartition(0, records, 41);
        StreamSlice<String> slice = after.read("s", 0, 10);
        assertThat(slice.events()).extracting(StreamRecord::version).containsExactly(3L, 4L);
        assertThat(slice.oldestVersion()).isEqualTo(3);
        assertThat(slice.missedVersions()).isEqualTo(3);
        assertThat(after.append("s", "five")).isEqualTo(5);
        // keys of every restored record are known again, readable or not
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "k1")).isEqualTo(new AppendResult(1, true));
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "k3")).isEqualTo(new AppendResult(3, true));
    }

    @Test
    void capturedPartitionsRoundTripThroughRestorePartition() {
        EventStreams<String> before = fresh();
        for (int i = 0; i < 30; i++) {
            before.append("s" + (i % 4), "e" + i, ExpectedVersion.ANY, "key-" + i);
        }
        EventStreams<String> after = fresh();
        for (int p = 0; p < 3; p++) {
            StoreInternals.Capture<StreamRecord<String>> capture = StoreInternals.of(before.store()).capture(p);
            after.store().restorePartition(p, capture.events(), capture.lastSequence());
        }
        for (int s = 0; s < 4; s++) {
            String name = "s" + s;
            assertThat(after.read(name, 0, 100).events()).isEqualTo(before.read(name, 0, 100).events());
            assertThat(after.append(name, "next")).isEqualTo(before.currentVersion(name) + 1);
        }
        assertThat(after.append("s1", "dup", ExpectedVersion.ANY, "key-1")).isEqualTo(new AppendResult(0, true));
        assertThat(after.streamCount()).isEqualTo(4);
    }

    @Test
    void restoredKeysRespectTheHorizon() {
        EventStreams<String> after = EventStreams.<String>builder().partitions(1).capacityPerPartition(100)
                .dedupe(2, Duration.ofMinutes(10)).clock(clock).build();
        long now = clock.millis();
        after.store().restorePartition(0, List.of(
                new StreamRecord<>("s", 0, now - Duration.ofMinutes(11).toMillis(), "too-old", "a"),
                new StreamRecord<>("s", 1, now, "k1", "b"),
                new StreamRecord<>("s", 2, now, "k2", "c"),
                new StreamRecord<>("s", 3, now, "k3", "d")), 3);
        assertThat(after.rememberedKeys("s")).isEqualTo(2);
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "k3")).isEqualTo(new AppendResult(3, true));
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "k2")).isEqualTo(new AppendResult(2, true));
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "k1")).isEqualTo(new AppendResult(4, false));
        assertThat(after.append("s", "x", ExpectedVersion.ANY, "too-old")).isEqualTo(new AppendResult(5, false));
    }

    @Test
    void aStreamThatAlreadyHasVersionsIgnoresItsRestoredRecords() {
        EventStreams<String> after = EventStreams.<String>builder().partitions(1).capacityPerPartition(10)
                .clock(clock).build();
        after.append("s", "live0");
        after.store().restorePartition(0, List.of(new StreamRecord<>("s", 0, 1, null, "old0"),
                new StreamRecord<>("s", 1, 1, null, "old1"), new StreamRecord<>("t", 0, 1, null, "t0")), 5);
        assertThat(after.read("s", 0, 10).events()).extracting(StreamRecord::event).containsExactly("live0");
        assertThat(after.read("t", 0, 10).events()).extracting(StreamRecord::event).containsExactly("t0");
        assertThat(after.append("s", "live1")).isEqualTo(1);
        // when the store evicts an ignored record, the live stream must not lose its own version of that number
        StreamRecord<String> ignored = after.store().snapshot(r -> r.event().equals("old0")).get(0);
        after.evicted(ignored);
        assertThat(after.read("s", 0, 10).events()).extracting(StreamRecord::event).containsExactly("live0", "live1");
        after.evicted(after.read("s", 0, 1).events().get(0));
        assertThat(after.read("s", 0, 10).events()).extracting(StreamRecord::event).containsExactly("live1");
    }

    @Test
    void recordsInAPartitionTheirStreamDoesNotRouteToAreIgnored() {
        EventStreams<String> after = fresh();
        int wrong = (after.store().partitionFor("s") + 1) % 3;
        after.store().restorePartition(wrong, List.of(new StreamRecord<>("s", 0, 1, null, "x")), 0);
        assertThat(after.exists("s")).isFalse();
        assertThat(after.append("s", "y")).isZero();
    }

    @Test
    void maintenanceListenersHearRestoresOnlyWhenSomethingWasRestored() {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(4).create();
        List<String> heard = new ArrayList<>();
        StoreInternals.of(store).addMaintenanceListener(new MaintenanceListener() {
            @Override
            public void removed(int partition, long removed) {
                heard.add("removed " + partition + ":" + removed);
            }

            @Override
            public void restored(int partition, int restored) {
                heard.add("restored " + partition + ":" + restored + " count=" + store.partitionSize(partition));
            }
        });
        store.restorePartition(1, List.of(1L, 2L, 3L), 9);
        store.restorePartition(0, List.of(), 9);
        MaintenanceListener lambda = (p, r) -> heard.add("lambda " + p);
        StoreInternals.of(store).addMaintenanceListener(lambda); // a lambda ignores restores (default method)
        store.restorePartition(0, List.of(5L), 3);
        assertThat(heard).containsExactly("restored 1:3 count=3", "restored 0:1 count=1");
    }
}
