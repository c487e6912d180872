package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.PartitionRestore;
import dev.lockfree.eventstore.snapshot.PartitionSnapshot;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of a store that takes its timestamps from its feed, when the feed laps the oldest captured events'
 * timestamps between the capture of the events and the look-up of their timestamps: the snapshotter captures
 * again, and only on its last attempt keeps the newest events whose timestamps are still there. The lapping is
 * made deterministic by feeding from {@link StoreInternals}' test seam, which runs at exactly that point of every
 * capture ({@code FeedTimestampCaptureStressTest} covers the same race at random).
 *
 * <p>One partition of capacity 8, so the timestamp ring has 8 slots: feeding {@code k} events inside a capture
 * overwrites the timestamps of its {@code k} oldest events. Event {@code i} is fed at offset {@code i}, and in a
 * fresh store gets sequence {@code i}.
 */
class LappedFeedTimestampSnapshotTest {

    private static final String STORE = "orders";
    private static final long BASE = 1_700_000_000_000L; // a bucket boundary
    private static final int CAPACITY = 8;
    private static final int ATTEMPTS = 3;

    @TempDir
    Path root;

    private EventStore<Event> store;
    private PartitionFeed<Event> feed;
    private long nextOffset;
    private int captures;

    /** Far from monotonic, so that the window's buckets tell the events apart. */
    private static long timestampOf(long offset) {
        return BASE + 1000L * ((offset * 5) % 13);
    }

    private static Event eventAt(long offset) {
        return new Event((int) offset, offset * 1.5 - 4, 0); // its own timestamp is 0: only the feed's counts
    }

    private static EventStore<Event> fedStore() {
        return EventStore.<Event>builder().withPartitions(1).withCapacityPerPartition(CAPACITY)
                .withValueSelector(Event::value).withWindow(Duration.ofMinutes(10), Duration.ofSeconds(1))
                .withClock(MutableClock.atEpochMilli(BASE + 60_000)).withExternalFeed(STORE, "the orders publisher")
                .create();
    }

    private static SnapshotOptions manual() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, Duration.ofSeconds(1)).stableCaptureMaxAttempts(ATTEMPTS).build();
    }

    private Snapshotter<Event> snapshotter(EventStore<Event> of) throws IOException {
        return new Snapshotter<>(of, STORE, EventCodecs.event(), new FileSystemSnapshotStore(root), manual());
    }

    private void feed(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(feed.append(0, eventAt(nextOffset), nextOffset, timestampOf(nextOffset))).isTrue();
            nextOffset++;
        }
    }

    /** Feeds {@code lapsPerCapture[k]} events inside capture {@code k} (0-based), nothing in later ones. */
    private void lapCaptures(int... lapsPerCapture) {
        StoreInternals.of(store).beforeTimestampLookup(partition -> {
            assertThat(partition).isZero();
            int capture = captures++;
            feed(capture < lapsPerCapture.length ? lapsPerCapture[capture] : 0);
        });
    }

    private void startFull() {
        store = fedStore();
        feed = store.claimFeed();
        feed(CAPACITY); // offsets (= sequences) 0..7
    }

    @AfterEach
    void removeHook() {
        if (store != null) {
            StoreInternals.of(store).beforeTimestampLookup(null);
        }
    }

    private Optional<PartitionSnapshot<Event>> latestSnapshot() throws IOException {
        return new FileSystemSnapshotStore(root).loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty());
    }

    @Test
    void theSeamLapsTheOldestTimestampsOfACapture() {
        startFull();
        lapCaptures(3);
        StoreInternals.Capture<Event> capture = StoreInternals.of(store).capture(0);
        assertThat(capture.events()).extracting(Event::key).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(capture.firstSequence()).isZero();
        assertThat(capture.missingTimestamps()).isEqualTo(3);
        assertThat(capture.timestamps()).containsExactly(-1, -1, -1, timestampOf(3), timestampOf(4), timestampOf(5),
                timestampOf(6), timestampOf(7));
    }

    @Test
    void onTheLastAttemptTheSnapshotKeepsTheNewestEventsWhoseTimestampsSurvived() throws IOException {
        startFull();
        // capture 1 sees sequences 0..7 and loses 0..1, capture 2 sees 2..9 and loses 2..3, capture 3 (the last)
        // sees 4..11 and loses 4..6: it keeps 7..11
        lapCaptures(2, 2, 3);
        try (Snapshotter<Event> snapshotter = snapshotter(store)) {
            assertThat(snapshotter.snapshotPartitionNow(0)).isTrue();
            assertThat(captures).as("the first two lapped captures were retried").isEqualTo(ATTEMPTS);
            assertThat(snapshotter.metrics().stableCaptureFailures()).isZero();
            assertThat(snapshotter.metrics().totalSnapshots()).isEqualTo(1);
        }

        PartitionSnapshot<Event> saved = latestSnapshot().orElseThrow();
        List<Long> kept = LongStream.rangeClosed(7, 11).boxed().toList();
        assertThat(saved.events()).containsExactlyElementsOf(kept.stream().map(LappedFeedTimestampSnapshotTest::eventAt)
                .toList());
        assertThat(saved.events()).extracting(Event::key).doesNotContain(4, 5, 6);
        assertThat(saved.firstSequence()).isEqualTo(7);
        assertThat(saved.lastSequence()).isEqualTo(11);
        assertThat(saved.eventTimestamps()).isPresent();
        assertThat(saved.eventTimestamps().orElseThrow().toArray())
                .containsExactly(kept.stream().mapToLong(LappedFeedTimestampSnapshotTest::timestampOf).toArray());
        assertThat(saved.sourcePosition()).as("the offset of exactly the newest kept event").hasValue(11);

        EventStore<Event> restarted = fedStore();
        try (Snapshotter<Event> snapshotter = snapshotter(restarted)) {
            PartitionRestore restored = snapshotter.restorePartition(0);
            assertThat(restored.eventsRestored()).isEqualTo(kept.size());
            assertThat(restored.eventsDropped()).isZero();
            assertThat(restored.sourcePosition()).hasValue(11);
        }
        assertThat(restarted.lastSequence(0)).isEqualTo(11);
        assertThat(restarted.snapshot()).containsExactlyElementsOf(saved.events());
        assertWindowIsBruteForceOver(restarted, kept);
    }

    @Test
    void aCaptureLappedBeforeTheLastAttemptIsCapturedAgainNotTrimmed() throws IOException {
        startFull();
        // captures 1 and 2 are lapped; capture 3 sees sequences 4..11 whole
        lapCaptures(2, 2);
        try (Snapshotter<Event> snapshotter = snapshotter(store)) {
            assertThat(snapshotter.snapshotPartitionNow(0)).isTrue();
            assertThat(captures).isEqualTo(ATTEMPTS);
        }
        PartitionSnapshot<Event> saved = latestSnapshot().orElseThrow();
        List<Long> kept = LongStream.rangeClosed(4, 11).boxed().toList();
        assertThat(saved.events()).extracting(Event::key).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(saved.firstSequence()).isEqualTo(4);
        assertThat(saved.eventTimestamps().orElseThrow().toArray())
                .containsExactly(kept.stream().mapToLong(LappedFeedTimestampSnapshotTest::timestampOf).toArray());
        assertThat(saved.sourcePosition()).hasValue(11);
    }

    @Test
    void aLastAttemptThatLostEveryTimestampWritesNothingAndLeavesThePartitionPending() throws IOException {
        startFull();
        // the last capture (sequences 4..11) loses all 8 timestamps while the feed goes on to 19
        lapCaptures(2, 2, CAPACITY);
        try (Snapshotter<Event> snapshotter = snapshotter(store)) {
            assertThat(snapshotter.snapshotPartitionNow(0)).isFalse();
            assertThat(captures).isEqualTo(ATTEMPTS);
            assertThat(snapshotter.metrics().stableCaptureFailures()).as("an empty capture is not a failure").isZero();
            assertThat(latestSnapshot()).isEmpty();

            // the events fed during the capture still count as a change: the next snapshot writes them
            StoreInternals.of(store).beforeTimestampLookup(null);
            assertThat(snapshotter.snapshotPartitionNow(0)).isTrue();
        }
        PartitionSnapshot<Event> saved = latestSnapshot().orElseThrow();
        assertThat(saved.events()).extracting(Event::key).containsExactly(12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(saved.sourcePosition()).hasValue(19);
    }

    /** Count, sum, min and max over every [from, to) on the bucket grid around the fed timestamps. */
    private static void assertWindowIsBruteForceOver(EventStore<Event> restored, List<Long> offsets) {
        long first = BASE - 2000;
        long last = BASE + 15_000;
        int windows = 0;
        for (long from = first; from <= last; from += 1000) {
            for (long to = from; to <= last; to += 1000) {
                long count = 0;
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (long offset : offsets) {
                    if (timestampOf(offset) >= from && timestampOf(offset) < to) {
                        double value = eventAt(offset).value();
                        count++;
                        sum += value;
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                    }
                }
                WindowAggregate window = restored.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
                assertThat(window.count()).as("count over [%d, %d)", from, to).isEqualTo(count);
                assertThat(window.sum()).as("sum over [%d, %d)", from, to).isEqualTo(sum);
                if (count > 0) {
                    assertThat(window.min()).as("min over [%d, %d)", from, to).isEqualTo(min);
                    assertThat(window.max()).as("max over [%d, %d)", from, to).isEqualTo(max);
                    windows++;
                }
            }
        }
        assertThat(windows).as("windows holding kept events").isPositive();
    }
}
