package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MutableClock;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.RestoreResult;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams over a store restored into another partition count: records follow their stream name, versions continue. */
class StreamsResizedRestoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpochMilli(1_700_000_000_000L);
    private final StreamRecordCodec<String> codec = StreamRecordCodec.of(new StreamRecordCodecTest.StringCodec("str/1"));

    private EventStreams<String> streams(int partitions) {
        return EventStreams.<String>builder().partitions(partitions).capacityPerPartition(1_000).clock(clock).build();
    }

    private Snapshotter<StreamRecord<String>> snapshotter(EventStore<StreamRecord<String>> store) throws Exception {
        return new Snapshotter<>(store, "streams", codec, new FileSystemSnapshotStore(dir),
                SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0).build());
    }

    private static void assertGapFree(EventStreams<String> streams, String name, long versions) {
        StreamSlice<String> slice = streams.read(name, 0, EventStreams.MAX_READ_COUNT);
        assertThat(slice.events()).extracting(StreamRecord::version)
                .as("versions of %s", name).containsExactlyElementsOf(LongStream.range(0, versions).boxed().toList());
        assertThat(slice.events()).extracting(StreamRecord::event)
                .containsExactlyElementsOf(LongStream.range(0, versions).mapToObj(v -> name + "#" + v).toList());
    }

    @Test
    void versionsContinueGapFreeAfterShrinkingAndGrowing() throws Exception {
        long seed = Long.getLong("resize.seed", System.nanoTime());
        System.out.println("StreamsResizedRestoreTest seed=" + seed + " (rerun with -Dresize.seed=" + seed + ")");
        Random random = new Random(seed);
        List<String> names = List.of("orders", "gateway/users", "a", "b", "c", "d", "e", "billing-eu");
        Map<String, Long> versions = new HashMap<>();
        int[] counts = {4, 2, 5, 1, 3};

        EventStreams<String> current = streams(counts[0]);
        try (Snapshotter<StreamRecord<String>> s = snapshotter(current.store())) {
            s.restore();
            appendSome(current, names, versions, random);
            s.snapshotNow();
        }
        for (int k = 1; k < counts.length; k++) {
            // the Spring order: the streams exist first, the snapshot lifecycle restores afterwards
            EventStreams<String> next = streams(counts[k]);
            try (Snapshotter<StreamRecord<String>> s = snapshotter(next.store())) {
                RestoreResult result = s.restore();
                assertThat(result.resizedFrom()).as("%s -> %s", counts[k - 1], counts[k]).hasValue(counts[k - 1]);
                assertThat(result.eventsDropped()).isZero();
                for (String name : names) {
                    long expected = versions.getOrDefault(name, 0L);
                    assertThat(next.currentVersion(name)).as(name).isEqualTo(expected - 1);
                    assertGapFree(next, name, expected);
                    next.store().copyPartition(next.store().partitionFor(name))
                            .forEach(r -> assertThat(next.store().partitionFor(r.stream())).isEqualTo(
                                    next.store().partitionFor(name)));
                }
                appendSome(next, names, versions, random); // versions continue where the old layout stopped
                for (String name : names) {
                    assertGapFree(next, name, versions.getOrDefault(name, 0L));
                }
                s.snapshotNow();
            }
            current = next;
        }
        // streams created after the restore index the restored records as well
        EventStore<StreamRecord<String>> store = EventStore.<StreamRecord<String>>builder().withPartitions(2)
                .withCapacityPerPartition(1_000).withKeySelector(StreamRecord::stream)
                .withTimestampSelector(StreamRecord::timestamp).create();
        snapshotter(store).restore();
        EventStreams<String> late = EventStreams.over(store);
        for (String name : names) {
            assertGapFree(late, name, versions.getOrDefault(name, 0L));
        }
    }

    private static void appendSome(EventStreams<String> streams, List<String> names, Map<String, Long> versions,
                                   Random random) {
        for (int i = 0; i < 60; i++) {
            String name = names.get(random.nextInt(names.size()));
            long version = versions.getOrDefault(name, 0L);
            assertThat(streams.append(name, name + "#" + version,
                    version == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exactly(version - 1)))
                    .isEqualTo(version);
            versions.put(name, version + 1);
        }
    }
}
