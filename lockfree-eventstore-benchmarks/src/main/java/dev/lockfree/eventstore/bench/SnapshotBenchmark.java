package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing and restoring a snapshot of one partition holding 1,000,000 {@link Event}s, through the
 * crash-safe file store (temp file, fsync, atomic rename, directory fsync) on the machine's disk.
 * Events/s = 1,000,000 / score; MB/s = the {@code bytes} counter / score. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is what one write or one restore allocates (issue 16: a write O(1) per partition
 * apart from the capture's array of references, a restore the events and their list).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SnapshotBenchmark {

    static final int EVENTS = 1_000_000;

    @State(Scope.Benchmark)
    public static class Files1M {
        Path dir;
        EventStore<Event> store;
        Snapshotter<Event> snapshotter;
        long sequence;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("lfes-bench");
            store = Event.storeBuilder().withPartitions(1).withCapacityPerPartition(EVENTS).withWindowTracking(false)
                    .create();
            for (int i = 0; i < EVENTS; i++) {
                store.tryAppend(new Event(i & 1023, i, 1_700_000_000_000L + i));
            }
            snapshotter = new Snapshotter<>(store, "bench", EventCodecs.event(), new FileSystemSnapshotStore(dir),
                    SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                            .snapshotsToKeep(1).finalSnapshot(false, Duration.ZERO).build());
            snapshotter.snapshotNow();
        }

        /** One more event, so the partition changed and the next snapshot is really written. */
        @Setup(Level.Invocation)
        public void touch() {
            store.tryAppend(new Event(1, sequence, 1_700_000_000_000L + EVENTS + sequence++));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            snapshotter.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Bytes written per snapshot, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Written {
        public long bytes;
    }

    @Benchmark
    public int write1M(Files1M files, Written written) {
        long before = files.snapshotter.metrics().bytesWritten();
        int partitions = files.snapshotter.snapshotNow();
        written.bytes += files.snapshotter.metrics().bytesWritten() - before;
        return partitions;
    }

    /** The store a restore fills, made outside the measurement so that B/op counts the restore alone. */
    @State(Scope.Thread)
    public static class FreshStore {
        EventStore<Event> store;

        @Setup(Level.Invocation)
        public void create() {
            store = Event.storeBuilder().withPartitions(1).withCapacityPerPartition(EVENTS).withWindowTracking(false)
                    .create();
        }
    }

    @Benchmark
    public long restore1M(Files1M files, FreshStore fresh) {
        try (Snapshotter<Event> restorer = new Snapshotter<>(fresh.store, "bench", EventCodecs.event(),
                new FileSystemSnapshotStore(files.dir),
                SnapshotOptions.builder().finalSnapshot(false, Duration.ZERO).build())) {
            return restorer.restore().eventsRestored();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
