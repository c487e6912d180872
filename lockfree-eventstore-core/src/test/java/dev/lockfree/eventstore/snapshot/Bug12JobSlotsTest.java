package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lockfree.eventstore.EventStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-12 (docs/seed-parity.md#bug-12): the C# seed's snapshotter leaked a semaphore permit when a job
 * was cancelled and kept finished jobs in its running-jobs map, so after enough failed or cancelled jobs no
 * partition was ever snapshotted again. Here a job that fails, or is cancelled by close, must give back its
 * worker and its partition's place in the queue.
 */
class Bug12JobSlotsTest {

    private static final LongCodec CODEC = new LongCodec();

    private static EventStore<Long> store(int partitions) {
        return EventStore.<Long>builder().withPartitions(partitions).withCapacityPerPartition(100)
                .withTimestampSelector(Long::longValue).withValueSelector(Long::doubleValue).create();
    }

    @Test
    void bug12_failedJobsFreeTheirSlotsSoEveryPartitionIsWrittenOnceSavesSucceed() {
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        files.failNextSaves.set(Integer.MAX_VALUE);
        EventStore<Long> store = store(4);
        // one worker and one queue place: a single leaked slot would stop every later job
        try (Snapshotter<Long> snapshotter = new Snapshotter<>(store, "s", CODEC, files,
                SnapshotOptions.builder().interval(Duration.ZERO).minEventsBetweenSnapshots(1)
                        .maxConcurrentSnapshotJobs(1).maxPendingSnapshotJobs(1).maxSaveAttempts(1)
                        .backoff(Duration.ofMillis(1), 2.0, 0.0).build())) {
            for (int p = 0; p < 4; p++) {
                store.tryAppend((long) p, p);
            }
            snapshotter.start();
            // many more failed jobs than there are workers and queue places
            await().atMost(Duration.ofSeconds(20)).until(() -> snapshotter.metrics().totalFailedJobs() >= 12);
            assertThat(files.count(0) + files.count(1) + files.count(2) + files.count(3)).isZero();

            files.failNextSaves.set(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (int p = 0; p < 4; p++) {
                    if (files.count(p) == 0) {
                        return false;
                    }
                }
                return true;
            });
            for (PartitionSnapshotInfo info : snapshotter.metrics().partitions()) {
                assertThat(info.successCount()).as("partition %d", info.partition()).isGreaterThanOrEqualTo(1);
                assertThat(info.failedCount()).as("partition %d", info.partition()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void bug12_closeCancelsAJobInItsBackoffAndTheNextSnapshotterCanWriteThePartition() {
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        files.failNextSaves.set(Integer.MAX_VALUE);
        EventStore<Long> store = store(1);
        // a backoff far longer than the shutdown timeout: only cancellation can end the job in time
        Snapshotter<Long> first = new Snapshotter<>(store, "s", CODEC, files,
                SnapshotOptions.builder().interval(Duration.ZERO).minEventsBetweenSnapshots(1).maxSaveAttempts(3)
                        .backoff(Duration.ofMinutes(5), 1.0, 0.0).finalSnapshot(false, Duration.ofMillis(300))
                        .build());
        store.tryAppend(1L);
        first.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> files.saveCalls.get() >= 1);

        assertTimeoutPreemptively(Duration.ofSeconds(20), first::close);
        // the cancelled job ended, as a failure, instead of staying registered as running
        await().atMost(Duration.ofSeconds(20)).until(() -> first.metrics().totalFailedJobs() == 1);
        assertThat(files.count(0)).isZero();

        files.failNextSaves.set(0);
        try (Snapshotter<Long> second = new Snapshotter<>(store, "s", CODEC, files,
                SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0).build())) {
            assertThat(second.snapshotNow()).isEqualTo(1);
        }
        assertThat(files.count(0)).isEqualTo(1);
    }
}
