package dev.lockfree.eventstore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.PartitionRestore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A kill -9 of a real process: {@link ConsumingInstanceMain} runs in a JVM of its own (same classpath), feeds a
 * store from the topic and writes background snapshots every few milliseconds; the test kills it with SIGKILL
 * ({@link Process#destroyForcibly()}) at whatever point it has reached, publishes more, and restores from the same
 * snapshot directory in this JVM. In-process tests ({@code ConsumerLoop.crash()}) cannot show this: there a
 * snapshot being written is always finished, and nothing half-written is left on disk.
 *
 * <p>What is asserted does not trust the binding: the snapshot the restart resumes from is read independently
 * (a probe restore into a scratch store), and the window aggregate is recomputed by brute force over the records
 * that the snapshot held plus every record after its offset, from the values this test published.
 */
class KillNineRestartTest {

    private static final int PARTITIONS = 3;
    private static final int CAPACITY = 20;

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Process child;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @AfterEach
    void noChildSurvives() throws Exception {
        try {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
                assertThat(child.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS))
                        .as("the child JVM %d ended", child.pid()).isTrue();
            }
        } finally {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                closeables.get(i).close();
            }
        }
    }

    @Test
    void aProcessKilledWithSigkillRestartsFromItsSnapshotsWithNoGapAndNoDuplicate(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        System.out.println("aProcessKilledWithSigkillRestartsFromItsSnapshotsWithNoGapAndNoDuplicate seed=" + seed);
        Random random = new Random(seed);
        String topic = "kill-nine";
        String group = "g-" + topic;
        createTopic(topic);
        PublishedRecords published = new PublishedRecords(bootstrap, topic, PARTITIONS);
        closeables.add(published);

        child = startChild(topic, group, dir);
        ChildOutput out = new ChildOutput(child);
        await().atMost(Duration.ofSeconds(90)).until(() -> out.failure() != null || out.assigned());
        assertThat(out.failure()).isNull();

        published.send(300, random);
        // it has consumed some and snapshotted some; more keeps arriving while it is killed
        await().atMost(Duration.ofSeconds(60)).until(() -> out.failure() != null
                || (out.appended() >= 150 && out.snapshots() >= 1));
        assertThat(out.failure()).isNull();
        AtomicBoolean stop = new AtomicBoolean();
        Random racingRandom = new Random(seed + 1);
        CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                published.send(10, racingRandom);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> out.appended() >= 400);
        long killedAt = out.appended();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertThat(child.exitValue()).as("128 + SIGKILL").isEqualTo(137);
        }
        stop.set(true);
        racing.join();
        System.out.println("killed after " + killedAt + " appends and " + out.snapshots() + " snapshots, with "
                + published.count() + " records published");
        published.send(150, random);

        // what the restart must resume from, read without the binding
        Map<Integer, List<Long>> snapshotOffsets = new TreeMap<>();
        EventStore<Reading> probe = Reading.store("orders", PARTITIONS, CAPACITY).create();
        try (Snapshotter<Reading> probeSnapshots = snapshotter(probe, dir)) {
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionRestore restored = probeSnapshots.restorePartition(p);
                List<Long> offsets = probe.copyPartition(p).stream().map(Reading::offset).toList();
                snapshotOffsets.put(p, offsets);
                if (!offsets.isEmpty()) {
                    assertThat(restored.sourcePosition()).as("partition %d: the offset in the snapshot is that of "
                            + "its newest event", p).hasValue(offsets.get(offsets.size() - 1));
                    assertThat(offsets).as("partition %d: a snapshot is a contiguous run", p).isEqualTo(LongStream
                            .rangeClosed(offsets.get(0), offsets.get(offsets.size() - 1)).boxed().toList());
                }
            }
        }
        assertThat(snapshotOffsets.values()).as("the killed child left snapshots").anyMatch(l -> !l.isEmpty());

        EventStore<Reading> restarted = Reading.store("orders", PARTITIONS, CAPACITY).create();
        Snapshotter<Reading> snapshots = snapshotter(restarted, dir);
        closeables.add(snapshots);
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(restarted, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(snapshots).build();
        ConsumerLoop loop = new ConsumerLoop(bootstrap, group, binding, ConsumingInstanceMain.sessionOverrides());
        closeables.add(loop);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(loop.failure()).isNull();
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(restarted.copyPartition(p)).extracting(Reading::offset).as("partition %d", p)
                        .containsExactlyElementsOf(published.newest(p, CAPACITY));
            }
        });

        long expectedReplayed = 0;
        List<Long> windowValues = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<Long> snapshot = snapshotOffsets.get(p);
            long resume = snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1) + 1;
            long end = published.offsets(p).size();
            expectedReplayed += end - resume;
            for (long offset : snapshot) {
                windowValues.add(published.value(p, offset));
            }
            for (long offset = resume; offset < end; offset++) {
                windowValues.add(published.value(p, offset));
            }
        }
        assertThat(binding.skipped()).as("no record delivered twice, none bad").isEmpty();
        assertThat(restarted.statistics().totalAppended()).as("exactly the records after each snapshot's offset")
                .isEqualTo(expectedReplayed);
        assertThat(restarted.statistics().totalRestored())
                .isEqualTo(snapshotOffsets.values().stream().mapToLong(List::size).sum());
        WindowAggregate window = restarted.windowAggregate(Instant.EPOCH, Instant.now().plus(Duration.ofHours(1)));
        assertThat(window.count()).isEqualTo(windowValues.size());
        assertThat(window.sum()).isEqualTo(windowValues.stream().mapToLong(Long::longValue).sum());
        assertThat(window.min()).isEqualTo(windowValues.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertThat(window.max()).isEqualTo(windowValues.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private Process startChild(String topic, String group, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ConsumingInstanceMain.class.getName(),
                bootstrap, topic, group, dir.toString(), Integer.toString(PARTITIONS), Integer.toString(CAPACITY));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    private static Snapshotter<Reading> snapshotter(EventStore<Reading> store, Path dir) throws IOException {
        return new Snapshotter<>(store, "orders", Reading.CODEC, new FileSystemSnapshotStore(dir), SnapshotOptions
                .builder().interval(Duration.ofHours(1)).finalSnapshot(false, Duration.ofSeconds(1)).build());
    }

    private static void createTopic(String name) {
        broker.addTopics(new NewTopic(name, PARTITIONS, (short) 1));
        Topics.awaitLeaders(bootstrap, name);
    }

    /** Reads the child's stdout on a thread of its own, keeping the newest progress and the last lines. */
    private static final class ChildOutput {
        private final AtomicLong appended = new AtomicLong();
        private final AtomicLong snapshots = new AtomicLong();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private volatile boolean assigned;
        private final Deque<String> last = new ArrayDeque<>();

        ChildOutput(Process process) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        handle(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void handle(String line) {
            synchronized (last) {
                last.addLast(line);
                if (last.size() > 20) {
                    last.removeFirst();
                }
            }
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "progress" -> {
                    appended.set(Long.parseLong(parts[1]));
                    snapshots.set(Long.parseLong(parts[2]));
                }
                case "assigned" -> assigned = true;
                case "failed" -> failure.set(line);
                default -> {
                    // anything else (a library's log line) is kept for the diagnostics only
                }
            }
        }

        boolean assigned() {
            return assigned;
        }

        long appended() {
            return appended.get();
        }

        long snapshots() {
            return snapshots.get();
        }

        /** The child's failure with its last lines of output, or null. */
        String failure() {
            String failed = failure.get();
            if (failed == null) {
                return null;
            }
            synchronized (last) {
                return failed + "; last output: " + String.join(" | ", last);
            }
        }
    }
}
