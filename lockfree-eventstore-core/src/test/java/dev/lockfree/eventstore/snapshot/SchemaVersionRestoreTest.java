package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a restore that expects a schema version either fails on snapshots of another one (the default, the
 * C# seed's {@code ExpectedSchemaVersion}) or skips and counts them ({@link SchemaMismatch#SKIP}, the C# seed's
 * behaviour for a snapshot of another schema), restoring the newest snapshot of the expected version instead.
 */
class SchemaVersionRestoreTest {

    private static final LongCodec CODEC = new LongCodec();

    private static EventStore<Long> store() {
        return EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(100)
                .withTimestampSelector(Long::longValue).withValueSelector(Long::doubleValue).create();
    }

    private static SnapshotOptions.Builder options() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .snapshotsToKeep(5).finalSnapshot(false, Duration.ZERO);
    }

    /** Partition 0 holds 0..4 in schema 1, then 0..4 and 10..12 in schema 2 (newer); partition 1 only schema 2. */
    private static void writeSchemaOneThenTwo(SnapshotStore files) throws IOException {
        EventStore<Long> v1 = store();
        LongStream.range(0, 5).forEach(i -> v1.tryAppend(i, 0));
        try (Snapshotter<Long> writer = new Snapshotter<>(v1, "s", CODEC, files, options().schemaVersion(1).build())) {
            assertThat(writer.snapshotNow()).isEqualTo(1);
        }
        EventStore<Long> v2 = store();
        try (Snapshotter<Long> writer = new Snapshotter<>(v2, "s", CODEC, files, options().schemaVersion(2).build())) {
            writer.restore();
            LongStream.range(10, 13).forEach(i -> v2.tryAppend(i, 0));
            v2.tryAppend(20L, 1);
            assertThat(writer.snapshotNow()).isEqualTo(2);
        }
    }

    @Test
    void snapshotsOfAnotherSchemaAreSkippedCountedAndLeftOnDiskAndTheNewestOfTheExpectedOneIsRestored(
            @TempDir Path root) throws IOException {
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        writeSchemaOneThenTwo(files);
        long skippedSequence = files.loadLatest("s", 0, CODEC, java.util.OptionalInt.empty()).orElseThrow()
                .lastSequence();

        EventStore<Long> restored = store();
        try (Snapshotter<Long> v1 = new Snapshotter<>(restored, "s", CODEC, files,
                options().schemaVersion(1).expectedSchemaVersion(1, SchemaMismatch.SKIP).build())) {
            RestoreResult result = v1.restore();
            assertThat(result.snapshotsSkippedForSchema()).as("one per partition").isEqualTo(2);
            assertThat(result.partitionsRestored()).isEqualTo(1);
            assertThat(restored.copyPartition(0)).as("the schema-1 snapshot").containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(restored.copyPartition(1)).isEmpty();
            assertThat(v1.metrics().snapshotsSkippedForSchema()).isEqualTo(2);
            // sequences continue above the skipped snapshots, so the next snapshot ranks above them
            assertThat(restored.lastSequence(0)).isEqualTo(skippedSequence);
            assertThat(restored.lastSequence(1)).isGreaterThanOrEqualTo(0);
            try (Stream<Path> all = Files.walk(root)) {
                assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".snap")).count())
                        .as("skipped snapshots are neither quarantined nor deleted by the restore").isEqualTo(3);
            }
            restored.tryAppend(99L, 0);
            assertThat(v1.snapshotNow()).isEqualTo(1);
        }

        EventStore<Long> again = store();
        try (Snapshotter<Long> v1 = new Snapshotter<>(again, "s", CODEC, files,
                options().expectedSchemaVersion(1, SchemaMismatch.SKIP).build())) {
            RestoreResult result = v1.restore();
            assertThat(again.copyPartition(0)).as("the new schema-1 snapshot is now the newest")
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 99L);
            assertThat(result.snapshotsSkippedForSchema()).as("only partition 1 still has schema 2 only").isEqualTo(1);
        }
    }

    @Test
    void restoringOnePartitionReportsWhatItSkipped(@TempDir Path root) throws IOException {
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        writeSchemaOneThenTwo(files);
        EventStore<Long> restored = store();
        try (Snapshotter<Long> v1 = new Snapshotter<>(restored, "s", CODEC, files,
                options().expectedSchemaVersion(1, SchemaMismatch.SKIP).build())) {
            PartitionRestore p0 = v1.restorePartition(0);
            assertThat(p0.snapshotsSkippedForSchema()).isEqualTo(1);
            assertThat(p0.eventsRestored()).isEqualTo(5);
            PartitionRestore p1 = v1.restorePartition(1);
            assertThat(p1.snapshotsSkippedForSchema()).isEqualTo(1);
            assertThat(p1.eventsRestored()).isZero();
            assertThat(v1.metrics().snapshotsSkippedForSchema()).isEqualTo(2);
        }
    }

    @Test
    void theDefaultStillFailsFastAndLeavesTheFileAlone(@TempDir Path root) throws IOException {
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        writeSchemaOneThenTwo(files);
        try (Snapshotter<Long> strict = new Snapshotter<>(store(), "s", CODEC, files,
                options().expectedSchemaVersion(1).build())) {
            assertThat(strict.options().onSchemaMismatch()).isEqualTo(SchemaMismatch.FAIL);
            assertThatThrownBy(strict::restore).isInstanceOf(IncompatibleSnapshotException.class)
                    .hasMessageStartingWith("Snapshot schema mismatch. Expected=1 Actual=2 Partition=0");
        }
        try (Snapshotter<Long> any = new Snapshotter<>(store(), "s", CODEC, files, options().build())) {
            assertThat(any.restore().snapshotsSkippedForSchema()).as("no expectation: every schema restores").isZero();
        }
    }

    @Test
    void aStoreThatCannotReadTheSchemaFirstSkipsOnlyItsNewestSnapshot() throws IOException {
        InMemorySnapshotStore files = new InMemorySnapshotStore(); // uses SnapshotStore's default
        writeSchemaOneThenTwo(files);
        EventStore<Long> restored = store();
        try (Snapshotter<Long> v1 = new Snapshotter<>(restored, "s", CODEC, files,
                options().expectedSchemaVersion(1, SchemaMismatch.SKIP).build())) {
            RestoreResult result = v1.restore();
            assertThat(result.snapshotsSkippedForSchema()).isEqualTo(2);
            assertThat(restored.count()).as("no fallback to older snapshots by default").isZero();
            assertThat(restored.lastSequence(0)).as("but sequences still continue above the skipped ones")
                    .isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void badSchemaOptionsAreRefusedByName() {
        assertThatThrownBy(() -> options().expectedSchemaVersion(1, null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("onSchemaMismatch must not be null");
        assertThatThrownBy(() -> options().expectedSchemaVersion(0, SchemaMismatch.SKIP).build())
                .hasMessage("expectedSchemaVersion, when set, must be >= 1 but was 0");
        SnapshotOptions base = options().build();
        assertThatThrownBy(() -> new SnapshotOptions(base.interval(), base.minEventsBetweenSnapshots(),
                base.snapshotsToKeep(), base.maxConcurrentSnapshotJobs(), base.maxPendingSnapshotJobs(),
                base.maxSaveAttempts(), base.backoffBaseDelay(), base.backoffFactor(), base.backoffJitter(),
                base.stableCaptureMaxAttempts(), base.finalSnapshotOnShutdown(), base.finalSnapshotTimeout(), 1,
                java.util.OptionalInt.empty(), false, SchemaMismatch.SKIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("onSchemaMismatch SKIP needs an expectedSchemaVersion");
        assertThat(List.of(SchemaMismatch.values())).containsExactly(SchemaMismatch.FAIL, SchemaMismatch.SKIP);
    }
}
