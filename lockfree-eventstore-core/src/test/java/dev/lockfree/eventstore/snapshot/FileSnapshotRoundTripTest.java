package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshotter over real files, end to end: what is written is what a restarted store gets back. */
class FileSnapshotRoundTripTest {

    @TempDir
    Path dir;

    private static SnapshotOptions options(boolean compress) {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .compress(compress).build();
    }

    @Test
    void metricEventsRoundTripWithAndWithoutCompression() throws Exception {
        for (boolean compress : new boolean[] {false, true}) {
            Path root = dir.resolve("c" + compress);
            EventStore<MetricEvent> before = MetricEvent.storeBuilder().withPartitions(3)
                    .withCapacityPerPartition(100).withKeySelector(MetricEvent.LABEL).create();
            IntStream.range(0, 250).forEach(i -> before.tryAppend(
                    new MetricEvent("label-" + (i % 7) + "-\u00e9\u4e2d", i * 0.5, 1_700_000_000_000L + i)));
            try (Snapshotter<MetricEvent> s = new Snapshotter<>(before, "metrics", EventCodecs.metricEvent(),
                    new FileSystemSnapshotStore(root), options(compress))) {
                assertThat(s.snapshotNow()).isEqualTo(3);
                assertThat(s.metrics().bytesWritten()).isPositive();
            }
            EventStore<MetricEvent> after = MetricEvent.storeBuilder().withPartitions(3)
                    .withCapacityPerPartition(100).withKeySelector(MetricEvent.LABEL).create();
            RestoreResult result = new Snapshotter<>(after, "metrics", EventCodecs.metricEvent(),
                    new FileSystemSnapshotStore(root), options(compress)).restore();
            assertThat(result.eventsRestored()).isEqualTo(before.count());
            assertThat(after.snapshot()).isEqualTo(before.snapshot());
            assertThat(after.windowAggregate(Instant.ofEpochMilli(1_700_000_000_000L), Instant.ofEpochMilli(1_700_000_001_000L))
                    .count()).isEqualTo(before.count()); // restored events feed the buckets
        }
    }

    @Test
    void restoreIntoAStoreWithFewerPartitionsReRoutesAndIntoMoreOfADirectoryWithoutLayoutRestoresInPlace()
            throws Exception {
        for (String target : new String[] {"fewer", "more"}) {
            Path root = dir.resolve(target);
            EventStore<Event> four = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(10).create();
            IntStream.range(0, 4).forEach(p -> four.tryAppend(new Event(p, p, 1_000L), p));
            new Snapshotter<>(four, "orders", EventCodecs.event(), new FileSystemSnapshotStore(root), options(false))
                    .snapshotNow();
            if (target.equals("fewer")) {
                EventStore<Event> two = Event.storeBuilder().withPartitions(2).withCapacityPerPartition(10).create();
                RestoreResult result = new Snapshotter<>(two, "orders", EventCodecs.event(),
                        new FileSystemSnapshotStore(root), options(false)).restore();
                assertThat(result.resizedFrom()).hasValue(4);
                assertThat(two.snapshot()).containsExactlyInAnyOrderElementsOf(four.snapshot());
                two.snapshot().forEach(e -> assertThat(two.copyPartition(two.partitionFor(e.key()))).contains(e));
            } else {
                // no layout file and fewer directories than partitions: taken for this store's layout, as before
                EventStore<Event> more = Event.storeBuilder().withPartitions(6).withCapacityPerPartition(10).create();
                RestoreResult result = new Snapshotter<>(more, "orders", EventCodecs.event(),
                        new FileSystemSnapshotStore(root), options(false)).restore();
                assertThat(result.partitionsRestored()).isEqualTo(4);
                assertThat(result.resizedFrom()).isEmpty();
                assertThat(more.copyPartition(3)).containsExactly(new Event(3, 3, 1_000L));
            }
        }
    }

    @Test
    void aCodecMismatchFailsRestoreInsteadOfMisreadingEvents() throws Exception {
        EventStore<Event> events = Event.storeBuilder().withPartitions(1).create();
        events.tryAppend(new Event(1, 1, 1));
        new Snapshotter<>(events, "s", EventCodecs.event(), new FileSystemSnapshotStore(dir), options(false)).snapshotNow();
        EventStore<MetricEvent> metrics = MetricEvent.storeBuilder().withPartitions(1).create();
        Snapshotter<MetricEvent> wrong = new Snapshotter<>(metrics, "s", EventCodecs.metricEvent(),
                new FileSystemSnapshotStore(dir), options(false));
        assertThatThrownBy(wrong::restore).isInstanceOf(IncompatibleSnapshotException.class);
        assertThat(metrics.count()).isZero();
    }
}
