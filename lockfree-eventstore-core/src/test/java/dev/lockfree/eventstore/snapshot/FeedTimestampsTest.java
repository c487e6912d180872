package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MutableClock;
import dev.lockfree.eventstore.PartitionFeed;
import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An externally fed store without a timestamp selector takes each event's timestamp from its feed: its window
 * counts the events there, the timestamps travel in snapshots, and a restore rebuilds the window from them.
 * Events here carry timestamp 0 themselves, so only the feed's timestamps can put them in the right buckets.
 */
class FeedTimestampsTest {

    static {
        Fixtures.quietLogs();
    }

    private static final String STORE = "orders";
    private static final long BASE = 1_700_000_000_000L; // a bucket boundary

    @TempDir
    Path root;

    private static EventStore<Event> fedStore(int partitions, int capacity, MutableClock clock) {
        return EventStore.<Event>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withValueSelector(Event::value).withWindow(Duration.ofMinutes(10), Duration.ofSeconds(1))
                .withClock(clock).withExternalFeed(STORE, "the orders publisher").create();
    }

    private static SnapshotOptions manual() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, Duration.ofSeconds(1)).build();
    }

    /** What was fed: event i of a partition with its feed timestamp. */
    record Fed(int partition, Event event, long timestamp) {
    }

    private static List<Fed> feedRandomly(PartitionFeed<Event> feed, int partitions, int n, Random random) {
        List<Fed> fed = new ArrayList<>();
        long[] offsets = new long[partitions];
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(partitions);
            Event event = new Event(i, random.nextInt(1000) - 500, 0);
            long timestamp = BASE + random.nextInt(300_000); // out of order, within the window
            assertThat(feed.append(p, event, offsets[p]++, timestamp)).isTrue();
            fed.add(new Fed(p, event, timestamp));
        }
        return fed;
    }

    private static void assertWindowMatches(EventStore<Event> store, List<Fed> fed, Random random) {
        for (int q = 0; q < 50; q++) {
            long from = BASE + 1000L * random.nextInt(320) - 10_000;
            long to = from + 1000L * random.nextInt(120);
            long count = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Fed f : fed) {
                if (f.timestamp() >= from && f.timestamp() < to) {
                    count++;
                    sum += f.event().value();
                    min = Math.min(min, f.event().value());
                    max = Math.max(max, f.event().value());
                }
            }
            WindowAggregate window = store.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
            assertThat(window.count()).as("count over [%d, %d)", from, to).isEqualTo(count);
            assertThat(window.sum()).as("sum over [%d, %d)", from, to).isEqualTo(sum);
            if (count > 0) {
                assertThat(window.min()).isEqualTo(min);
                assertThat(window.max()).isEqualTo(max);
            }
        }
    }

    @Test
    void theWindowCountsEachEventAtItsFeedTimestampAndSurvivesSnapshotAndRestore() throws IOException {
        long seed = System.nanoTime();
        System.out.println("FeedTimestampsTest seed=" + seed);
        Random random = new Random(seed);
        MutableClock clock = MutableClock.atEpochMilli(BASE + 300_000);
        EventStore<Event> store = fedStore(3, 2_000, clock);
        PartitionFeed<Event> feed = store.claimFeed();
        assertThat(feed.takesTimestamps()).isTrue();
        List<Fed> fed = feedRandomly(feed, 3, 3_000, random);
        assertWindowMatches(store, fed, random);
        // the last N, up to the store's clock: the whole 5 minutes fed, then the last minute only
        assertThat(store.windowAggregate(Duration.ofMinutes(6)).count()).isEqualTo(fed.size());
        long lastMinute = fed.stream().filter(f -> f.timestamp() >= BASE + 240_000).count();
        assertThat(store.windowAggregate(Duration.ofMinutes(1)).count()).isEqualTo(lastMinute);

        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            assertThat(snapshotter.snapshotNow()).isEqualTo(3);
        }
        PartitionSnapshot<Event> onDisk = new FileSystemSnapshotStore(root)
                .loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()).orElseThrow();
        assertThat(onDisk.hasEventTimestamps()).isTrue();
        List<Fed> fedTo0 = fed.stream().filter(f -> f.partition() == 0).toList();
        assertThat(onDisk.events()).isEqualTo(fedTo0.stream().map(Fed::event).toList());
        for (int i = 0; i < fedTo0.size(); i++) {
            assertThat(onDisk.timestampAt(i)).isEqualTo(fedTo0.get(i).timestamp());
        }

        EventStore<Event> restarted = fedStore(3, 2_000, clock);
        PartitionFeed<Event> feed2 = restarted.claimFeed();
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(restarted, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            for (int p = 0; p < 3; p++) {
                snapshotter.restorePartition(p);
            }
        }
        assertWindowMatches(restarted, fed, random);
        // the restored timestamps are recorded with the events: a capture before any new append carries them again
        StoreInternals.Capture<Event> capture = StoreInternals.of(restarted).capture(0);
        assertThat(capture.missingTimestamps()).isZero();
        assertThat(capture.timestamps()).containsExactly(fedTo0.stream().mapToLong(Fed::timestamp).toArray());
        // and feeding goes on, exactly
        List<Fed> more = new ArrayList<>(fed);
        for (int i = 0; i < 100; i++) {
            Event event = new Event(10_000 + i, i, 0);
            long timestamp = BASE + random.nextInt(300_000);
            feed2.append(1, event, 5_000 + i, timestamp);
            more.add(new Fed(1, event, timestamp));
        }
        assertWindowMatches(restarted, more, random);
    }

    @Test
    void afterEvictionTheRestoredWindowIsExactOverTheRetainedEvents() throws IOException {
        MutableClock clock = MutableClock.atEpochMilli(BASE);
        EventStore<Event> store = fedStore(1, 8, clock);
        PartitionFeed<Event> feed = store.claimFeed();
        List<Fed> fed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Event event = new Event(i, i, 0);
            feed.append(0, event, i, BASE + 1000L * (i % 7));
            fed.add(new Fed(0, event, BASE + 1000L * (i % 7)));
        }
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            snapshotter.snapshotNow();
        }
        EventStore<Event> restarted = fedStore(1, 8, clock);
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(restarted, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            assertThat(snapshotter.restorePartition(0).eventsRestored()).isEqualTo(8);
        }
        assertWindowMatches(restarted, fed.subList(12, 20), new Random(1));
    }

    @Test
    void theFeedSaysWhichAppendItTakesAndRefusesTheOther() {
        EventStore<Event> store = fedStore(2, 4, MutableClock.atEpochMilli(BASE));
        PartitionFeed<Event> feed = store.claimFeed();
        assertThatThrownBy(() -> feed.append(0, new Event(1, 1, 1), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'orders'")
                .hasMessageContaining("pass the timestamp");
        assertThatThrownBy(() -> feed.append(0, new Event(1, 1, 1), 0, -7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-7");
        assertThatThrownBy(() -> feed.append(0, new Event(1, 1, 1), -1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sourcePosition");

        EventStore<Event> withSelector = EventStore.<Event>builder().withPartitions(2).withCapacityPerPartition(4)
                .withTimestampSelector(Event::timestamp).withValueSelector(Event::value)
                .withExternalFeed("payments", "p").create();
        PartitionFeed<Event> selectorFeed = withSelector.claimFeed();
        assertThat(selectorFeed.takesTimestamps()).isFalse();
        assertThatThrownBy(() -> selectorFeed.append(0, new Event(1, 1, 1), 0, 5))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'payments'")
                .hasMessageContaining("timestampSelector");
        assertThat(StoreInternals.of(withSelector).capture(0).timestamps()).isNull();
        // a local store does not take feed timestamps either
        assertThat(StoreInternals.of(EventStore.<Event>builder().create()).takesFeedTimestamps()).isFalse();
    }

    @Test
    void readsByTimeAndPurgeNameTheStoreAndTheTimestampProperty() {
        EventStore<Event> store = fedStore(1, 4, MutableClock.atEpochMilli(BASE));
        store.claimFeed().append(0, new Event(1, 1, 0), 0, BASE);
        Instant from = Instant.ofEpochMilli(BASE);
        Instant to = from.plusSeconds(1);
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable read : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> store.count(from, to), () -> store.snapshot(from, to), () -> store.query().between(from, to).count(),
                () -> store.purge(from))) {
            assertThatThrownBy(read).isInstanceOf(IllegalStateException.class).hasMessageContaining("'orders'")
                    .hasMessageContaining("from its feed")
                    .hasMessageContaining("eventstore.stores.orders.timestamp-property");
        }
        // reads without time bounds and the window work
        assertThat(store.snapshot()).hasSize(1);
        assertThat(store.windowAggregate(from, to).count()).isEqualTo(1);
        // without a value selector there is no window, and the message says what is missing
        EventStore<Event> noValue = EventStore.<Event>builder().withPartitions(1).withExternalFeed("bare", "p").create();
        assertThatThrownBy(() -> noValue.windowAggregate(from, to)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("valueSelector").hasMessageContaining("'bare'");
    }

    @Test
    void restoreTakesTimestampsOnlyWhereTheyBelong() {
        EventStore<Event> store = fedStore(1, 4, MutableClock.atEpochMilli(BASE));
        List<Event> events = List.of(new Event(1, 1, 0), new Event(2, 2, 0));
        assertThatThrownBy(() -> store.restorePartition(0, events, 5, OptionalLong.of(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'orders'")
                .hasMessageContaining("without timestamps");
        assertThatThrownBy(() -> store.restorePartition(0, events, 5, OptionalLong.of(3), new long[] {BASE}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 events but 1 timestamps");
        assertThatThrownBy(() -> store.restorePartition(0, events, 5, OptionalLong.of(3), new long[] {BASE, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestampsMillis[1]");
        EventStore<Event> local = EventStore.<Event>builder().withPartitions(1).create();
        assertThatThrownBy(() -> local.restorePartition(0, events, 5, OptionalLong.empty(), new long[] {1, 2}))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.restorePartition(0, events, 5, OptionalLong.of(3), new long[] {BASE, BASE + 1000}))
                .isEqualTo(2);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(BASE + 1000), Instant.ofEpochMilli(BASE + 2000)).sum())
                .isEqualTo(2);
    }

    @Test
    void aSnapshotWithoutTimestampsIsDroppedByAStoreThatTakesThemFromItsFeedKeepingItsSequences() throws IOException {
        // written while the store had a timestamp selector
        EventStore<Event> before = EventStore.<Event>builder().withPartitions(1).withCapacityPerPartition(4)
                .withTimestampSelector(Event::timestamp).withValueSelector(Event::value)
                .withExternalFeed(STORE, "p").create();
        PartitionFeed<Event> oldFeed = before.claimFeed();
        oldFeed.append(0, new Event(1, 1, BASE), 0);
        oldFeed.append(0, new Event(1, 2, BASE), 1);
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(before, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
        }
        EventStore<Event> after = fedStore(1, 4, MutableClock.atEpochMilli(BASE));
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(after, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            PartitionRestore restored = snapshotter.restorePartition(0);
            assertThat(restored.eventsRestored()).isZero();
            assertThat(restored.eventsDropped()).isEqualTo(2);
            assertThat(restored.sourcePosition()).as("no position: the feed starts the partition afresh").isEmpty();
            assertThat(after.count()).isZero();
            assertThat(after.lastSequence(0)).as("sequences continue above the dropped snapshot").isEqualTo(1);
            PartitionFeed<Event> feed = after.claimFeed();
            feed.append(0, new Event(1, 5, BASE), 0, BASE + 10);
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
        }
        // the new snapshot supersedes the old one: a restart restores it, with its timestamp
        EventStore<Event> restarted = fedStore(1, 4, MutableClock.atEpochMilli(BASE + 20));
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(restarted, STORE, EventCodecs.event(),
                new FileSystemSnapshotStore(root), manual())) {
            assertThat(snapshotter.restorePartition(0).eventsRestored()).isEqualTo(1);
        }
        assertThat(restarted.windowAggregate(Instant.ofEpochMilli(BASE + 10), Instant.ofEpochMilli(BASE + 11)).sum())
                .isEqualTo(5);
    }

    @Test
    void aCaptureDropsOnlyItsOldestEventsWhenAskedTo() {
        EventStore<Event> store = fedStore(1, 8, MutableClock.atEpochMilli(BASE));
        PartitionFeed<Event> feed = store.claimFeed();
        for (int i = 0; i < 5; i++) {
            feed.append(0, new Event(i, i, 0), i, BASE + i);
        }
        StoreInternals.Capture<Event> capture = StoreInternals.of(store).capture(0);
        assertThat(capture.timestamps()).containsExactly(BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4);
        StoreInternals.Capture<Event> newest = capture.withoutOldest(2);
        assertThat(newest.events()).extracting(Event::key).containsExactly(2, 3, 4);
        assertThat(newest.timestamps()).containsExactly(BASE + 2, BASE + 3, BASE + 4);
        assertThat(newest.firstSequence()).isEqualTo(capture.firstSequence() + 2);
        assertThat(newest.lastSequence()).isEqualTo(capture.lastSequence());
        assertThat(capture.withoutOldest(5).events()).isEmpty();
    }
}
