package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append latency distribution (p50, p99, p99.9) with the snapshotter idle, running with a 1-second
 * interval (a busy but real configuration), and writing snapshots back to back on another thread (the
 * worst case). Compare the rows of one run.
 *
 * <p>On a small VM the tail is bimodal between JVM forks (where the JIT, the GC threads and the writer land), so one
 * fork proves little: five forks by default, and {@code BenchReport} shows each percentile's spread across forks
 * next to the merged value.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class AppendLatencyBenchmark {

    @State(Scope.Benchmark)
    public static class Store {

        /**
         * {@code spinning} and {@code capturing} are diagnostics for {@code writing}: another thread that only burns
         * a core (CPU sharing alone), or only captures the partitions back to back (the capture alone, no encoding,
         * no I/O). Not in the report; run them to see where the writer's cost to appends goes.
         */
        @Param({"idle", "periodic", "writing"})
        String snapshotter;

        Path dir;
        EventStore<MetricEvent> store;
        Snapshotter<MetricEvent> snapshots;
        Thread writer;
        volatile boolean running;
        /** Keeps the diagnostic loops from being optimised away. */
        volatile long spun;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("lfes-latency");
            store = MetricEvent.storeBuilder().withPartitions(2).withCapacityPerPartition(100_000).create();
            snapshots = new Snapshotter<>(store, "latency", EventCodecs.metricEvent(), new FileSystemSnapshotStore(dir),
                    SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                            .snapshotsToKeep(1).finalSnapshot(false, Duration.ZERO).build());
            if (snapshotter.equals("periodic")) {
                snapshots.close();
                snapshots = new Snapshotter<>(store, "latency", EventCodecs.metricEvent(),
                        new FileSystemSnapshotStore(dir), SnapshotOptions.builder().interval(Duration.ofSeconds(1))
                                .minEventsBetweenSnapshots(0).snapshotsToKeep(1)
                                .finalSnapshot(false, Duration.ZERO).build());
                snapshots.start();
            }
            if (snapshotter.equals("writing") || snapshotter.equals("spinning") || snapshotter.equals("capturing")) {
                running = true;
                Runnable work = switch (snapshotter) {
                    case "spinning" -> () -> {
                        long spins = 0;
                        while (running) {
                            spins++;
                        }
                        spun = spins;
                    };
                    case "capturing" -> () -> {
                        long captured = 0;
                        while (running) {
                            for (int p = 0; p < store.partitions(); p++) {
                                captured += StoreInternals.of(store).capture(p).events().size();
                            }
                        }
                        spun = captured;
                    };
                    default -> () -> {
                        while (running) {
                            snapshots.snapshotNow();
                        }
                    };
                };
                writer = new Thread(work, "snapshot-writer");
                writer.setDaemon(true);
                writer.start();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            running = false;
            if (writer != null) {
                writer.join();
            }
            snapshots.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public boolean append(Store store, AppendBenchmark.Events events) {
        return store.store.tryAppend(events.next());
    }
}
