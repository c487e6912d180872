package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Snapshots for tests. */
final class Fixtures {

    static final String STORE = "orders";
    static final List<String> P0 = List.of(STORE, "p0");

    // held strongly: java.util.logging forgets the level of a logger nobody references
    private static final java.util.logging.Logger SNAPSHOT_LOG =
            java.util.logging.Logger.getLogger("dev.lockfree.eventstore.snapshot");

    private Fixtures() {
    }

    /** Silences the store's per-file warnings in tests that quarantine thousands of files on purpose. */
    static void quietLogs() {
        SNAPSHOT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    /** Events with sequences (lastSequence - n, lastSequence], taken at {@code 1_700_000_000_000 + lastSequence}. */
    static PartitionSnapshot<Event> events(int partition, long lastSequence, int n, long epoch) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seq = lastSequence - n + 1 + i;
            events.add(new Event((int) (seq % 7), seq * 1.5, 1_700_000_000_000L + seq));
        }
        return new PartitionSnapshot<>(STORE, partition, lastSequence - n + 1, lastSequence, epoch,
                Instant.ofEpochMilli(1_700_000_000_000L + lastSequence), 1, events);
    }

    static PartitionSnapshot<Event> events(long lastSequence, int n) {
        return events(0, lastSequence, n, 0);
    }

    static PartitionSnapshot<MetricEvent> metrics(long lastSequence, int n, Random random) {
        List<MetricEvent> events = new ArrayList<>();
        String[] labels = {"cpu", "mem", "disk.io", "température", "延迟", "🚀", ""};
        for (int i = 0; i < n; i++) {
            events.add(new MetricEvent(labels[random.nextInt(labels.length)] + random.nextInt(100),
                    random.nextGaussian(), 1_700_000_000_000L + i));
        }
        return new PartitionSnapshot<>(STORE, 0, lastSequence - n + 1, lastSequence, 0,
                Instant.ofEpochMilli(1_700_000_000_000L + lastSequence), 3, events);
    }

    static String name(PartitionSnapshot<?> s) {
        return FileSystemSnapshotStore.fileName(s.lastSequence(), s.takenAt().toEpochMilli());
    }

    /** Counts what the store reports. */
    static final class Recorder implements SnapshotStoreListener {
        final List<String> quarantined = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        long bytesSaved;

        @Override
        public void saved(String store, int partition, String file, long bytes) {
            bytesSaved += bytes;
        }

        @Override
        public void quarantined(String store, int partition, String file, String reason) {
            quarantined.add(file);
        }

        @Override
        public void skipped(String store, int partition, String file, String reason) {
            skipped.add(file);
        }

        @Override
        public void deleted(String store, int partition, String file) {
            deleted.add(file);
        }
    }
}
