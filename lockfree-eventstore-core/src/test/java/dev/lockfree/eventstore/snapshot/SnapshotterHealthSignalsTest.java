package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The two signals a health check needs: consecutive save failures and how long changes have been pending. */
class SnapshotterHealthSignalsTest {

    private static final LongCodec CODEC = new LongCodec();

    @Test
    void consecutiveFailuresCountFailedSavesAndResetOnSuccess() {
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(2).create();
        SnapshotOptions options = SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .maxSaveAttempts(1).build();
        try (Snapshotter<Long> snapshotter = new Snapshotter<>(store, "s", CODEC, files, options)) {
            store.tryAppend(1L, 0);
            files.failNextSaves.set(2);
            assertThat(snapshotter.snapshotNow()).isZero();
            assertThat(snapshotter.snapshotNow()).isZero();
            PartitionSnapshotInfo failing = snapshotter.metrics().partitions().get(0);
            assertThat(failing.consecutiveFailures()).isEqualTo(2);
            assertThat(failing.failedCount()).isEqualTo(2);
            assertThat(snapshotter.metrics().partitions().get(1).consecutiveFailures()).isZero();

            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
            PartitionSnapshotInfo recovered = snapshotter.metrics().partitions().get(0);
            assertThat(recovered.consecutiveFailures()).isZero();
            assertThat(recovered.failedCount()).isEqualTo(2); // the total stays
        }
    }

    @Test
    void pendingSinceIsWhenATickFirstSawTheChangeAndClearsOnceWritten() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withClock(clock).create();
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        SnapshotOptions options = SnapshotOptions.builder().interval(Duration.ofSeconds(30)).minEventsBetweenSnapshots(0)
                .build();
        try (Snapshotter<Long> snapshotter = new Snapshotter<>(store, "s", CODEC, files, options)) {
            assertThat(snapshotter.metrics().partitions().get(0).pendingSince()).isEmpty();
            snapshotter.start();
            store.tryAppend(1L);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> snapshotter.metrics().partitions().get(0).pendingSince().isPresent());
            assertThat(snapshotter.metrics().partitions().get(0).pendingSince()).contains(Instant.ofEpochSecond(1_000));

            clock.advance(Duration.ofSeconds(10)); // not due yet: the date of the first sighting stays
            store.tryAppend(2L);
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(snapshotter.metrics().partitions().get(0).pendingSince()).contains(Instant.ofEpochSecond(1_000));

            clock.advance(Duration.ofSeconds(25)); // due: written by the next tick
            await().atMost(Duration.ofSeconds(5)).until(() -> files.count(0) == 1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> snapshotter.metrics().partitions().get(0).pendingSince().isEmpty());
            assertThat(snapshotter.metrics().partitions().get(0).eventsSinceLastSnapshot()).isZero();
        }
    }
}
