package dev.lockfree.eventstore.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The instance {@link KillNineRestartTest} kills: a store fed from a topic through the binding, with background
 * snapshots on a short interval, in a JVM of its own so that the kill is a real SIGKILL (no shutdown hook, no
 * revocation, no final snapshot, half-written temp files left as they are).
 *
 * <p>It talks to the test on stdout, one line at a time: {@code assigned <n>} once it owns every partition, then
 * {@code progress <appended> <snapshots>} every few milliseconds ({@code totalAppended} of the store and the
 * snapshots written so far), {@code failed <throwable>} if the consumer loop dies. It exits by itself when its stdin
 * closes, so that a test JVM that dies cannot leave it behind.
 *
 * <p>Arguments: {@code bootstrap topic group snapshotDir partitions capacityPerPartition}.
 */
final class ConsumingInstanceMain {

    private ConsumingInstanceMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("expected: bootstrap topic group snapshotDir partitions capacityPerPartition,"
                    + " got " + args.length + " argument(s)");
        }
        String bootstrap = args[0];
        String topic = args[1];
        String group = args[2];
        Path dir = Path.of(args[3]);
        int partitions = Integer.parseInt(args[4]);
        int capacity = Integer.parseInt(args[5]);
        exitWhenStdinCloses();

        EventStore<Reading> store = Reading.store("orders", partitions, capacity).create();
        Snapshotter<Reading> snapshots = new Snapshotter<>(store, "orders", Reading.CODEC, new FileSystemSnapshotStore(dir),
                SnapshotOptions.builder().interval(Duration.ofMillis(20)).minEventsBetweenSnapshots(1)
                        .finalSnapshot(false, Duration.ofSeconds(1)).build());
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(snapshots).build();
        snapshots.start();
        ConsumerLoop loop = new ConsumerLoop(bootstrap, group, binding, sessionOverrides());
        boolean announced = false;
        while (true) { // until killed
            Throwable failure = loop.failure();
            if (failure != null) {
                System.out.println("failed " + failure);
                System.exit(2);
            }
            if (!announced && binding.assignedPartitions().size() == partitions) {
                System.out.println("assigned " + partitions);
                announced = true;
            }
            System.out.println("progress " + store.statistics().totalAppended() + " "
                    + snapshots.metrics().totalSnapshots());
            Thread.sleep(10); // the pace of the progress reports, not a synchronisation
        }
    }

    /**
     * A killed member stays in the group until its session times out, and the group cannot rebalance to the
     * restarted instance before: the broker's minimum session timeout keeps that wait short.
     */
    static Properties sessionOverrides() {
        Properties props = new Properties();
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return props;
    }

    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the test writes nothing; end of stream means it is gone
                }
            } catch (IOException e) {
                // same as end of stream
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
