package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.PartitionFeed;
import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.PartitionSnapshot;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures and snapshots racing the feed of a store that takes its timestamps from its feed, on partitions small
 * enough (16 events) that the feed laps the timestamp ring between a capture and its look-ups all the time: no
 * captured or saved event is ever paired with another sequence's timestamp, events whose timestamps went missing
 * are only ever the oldest, and at quiescence the window equals brute force over everything fed.
 */
class FeedTimestampCaptureStressTest {

    private static final int PARTITIONS = 2;
    private static final int OFFSETS_PER_PARTITION = 400_000;
    private static final long BASE = 1_700_000_000_000L;

    @TempDir
    Path root;

    /** The feed timestamp of an offset: a pure function, far from monotonic, within the window. */
    static long timestampOf(long offset) {
        return BASE + ((offset * 0x9E3779B97F4A7C15L) >>> 40) % 120_000;
    }

    /** Each event is the pair (offset, timestamp) the feed gave, or the capture failed. */
    static void checkPairs(List<Event> events, long[] timestamps, int missing, String where) {
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (i > 0) {
                assertThat(event.key()).as(where + ": contiguous").isEqualTo(events.get(i - 1).key() + 1);
            }
            if (i < missing) {
                assertThat(timestamps[i]).as(where + ": a missing timestamp is marked").isEqualTo(-1L);
            } else {
                assertThat(timestamps[i]).as(where + ": timestamp of offset " + event.key())
                        .isEqualTo(timestampOf(event.key()));
            }
        }
    }

    @Test
    void aCaptureRacingTheFeedNeverPairsAnEventWithAnotherSequencesTimestamp() throws Exception {
        EventStore<Event> store = EventStore.<Event>builder().withPartitions(PARTITIONS).withCapacityPerPartition(16)
                .withValueSelector(Event::value).withWindow(Duration.ofMinutes(10), Duration.ofSeconds(1))
                .withExternalFeed("orders", "p").create();
        PartitionFeed<Event> feed = store.claimFeed();
        StoreInternals<Event> internals = StoreInternals.of(store);
        AtomicLongArray fed = new AtomicLongArray(PARTITIONS);
        AtomicLong complete = new AtomicLong();
        AtomicLong withMissing = new AtomicLong();
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(root);
        SnapshotOptions options = SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, Duration.ofSeconds(1)).build();
        AtomicLong saved = new AtomicLong();
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, "orders", EventCodecs.event(), files,
                options)) {
            ConcurrentRun run = new ConcurrentRun("feed timestamps vs capture", Duration.ofMillis(1500));
            for (int p = 0; p < PARTITIONS; p++) {
                final int partition = p;
                run.producer(() -> {
                    for (int offset = 0; offset < OFFSETS_PER_PARTITION && !run.timeUp(); offset++) {
                        feed.append(partition, new Event(offset, 1 + offset % 5, 0), offset, timestampOf(offset));
                        fed.incrementAndGet(partition);
                    }
                });
            }
            for (int p = 0; p < PARTITIONS; p++) {
                final int partition = p;
                run.helper(() -> {
                    StoreInternals.Capture<Event> c = internals.capture(partition);
                    checkPairs(c.events(), c.timestamps(), c.missingTimestamps(), "capture");
                    (c.missingTimestamps() > 0 ? withMissing : complete).incrementAndGet();
                });
            }
            run.helper(() -> {
                if (snapshotter.snapshotNow() > 0) {
                    saved.incrementAndGet();
                    for (int p = 0; p < PARTITIONS; p++) {
                        PartitionSnapshot<Event> s = files.loadLatest("orders", p, EventCodecs.event(),
                                OptionalInt.empty()).orElse(null);
                        if (s != null) {
                            assertThat(s.hasEventTimestamps()).isTrue();
                            checkPairs(s.events(), s.eventTimestamps().orElseThrow().toArray(), 0, "snapshot");
                            assertThat(s.sourcePosition()).hasValue(s.events().get(s.eventCount() - 1).key());
                        }
                    }
                }
            });
            run.execute();
        }
        System.out.println("FeedTimestampCaptureStressTest: fed " + fed + ", captures complete " + complete
                + ", with lapped timestamps " + withMissing + ", snapshot passes " + saved);
        assertThat(complete.get()).as("captures that kept every timestamp").isPositive();
        assertThat(saved.get()).as("snapshot passes").isPositive();
        // at quiescence: the window holds every fed event (evicted ones included) at its feed timestamp
        long count = 0;
        double sum = 0;
        long inFirstMinute = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            for (long offset = 0; offset < fed.get(p); offset++) {
                count++;
                sum += 1 + offset % 5;
                if (timestampOf(offset) < BASE + 60_000) {
                    inFirstMinute++;
                }
            }
        }
        WindowAggregate all = store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 120_000));
        assertThat(all.count()).isEqualTo(count);
        assertThat(all.sum()).isEqualTo(sum);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 60_000)).count())
                .isEqualTo(inFirstMinute);
    }
}
