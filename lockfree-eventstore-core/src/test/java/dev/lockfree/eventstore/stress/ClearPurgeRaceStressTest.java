package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC 2.5: {@code clear()} and {@code purge()} racing producers and readers.
 *
 * <ul>
 * <li>no event whose append completed before a clear started is visible after that clear returns, and
 *     no event older than the cutoff whose append completed before a purge started is visible after it;</li>
 * <li>no copy ever holds an event twice, a null, or breaks a producer's order;</li>
 * <li>at quiescence, exactly: appended == retained + discarded + purged + cleared; the discard callback
 *     saw exactly {@code totalDiscarded} events, each once, none cleared, purged or still retained;</li>
 * <li>with purge alone: every event that disappeared without being discarded had a timestamp before
 *     the cutoff (purge never removes a kept event), and their number is what purge() returned;</li>
 * <li>afterwards the store works normally: a clear empties it, the next appends fill it without a
 *     bogus discard, and the time buckets are empty after the clear.</li>
 * </ul>
 */
class ClearPurgeRaceStressTest {

    private static final int PRODUCERS = 6;
    private static final int OPS_PER_PRODUCER = 60_000;
    private static final long CUTOFF = 1000;
    private static final Duration BUDGET = Duration.ofMillis(1200);

    /** A timestamp in [0, 2000) that is a pure function of the id: about half the events are before the cutoff. */
    static long timestamp(long id) {
        return ((id * 0x9E3779B97F4A7C15L) >>> 40) % 2000;
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                arguments(1, 3, true, true, false),
                arguments(4, 16, true, true, true),
                arguments(2, 256, true, false, false),
                arguments(1, 2, false, true, false),
                arguments(3, 64, false, true, true));
    }

    @ParameterizedTest(name = "partitions={0} capacity={1} clear={2} purge={3} windows={4}")
    @MethodSource("configs")
    void maintenanceRacingAppendsKeepsEveryLawExact(int partitions, int capacity, boolean clearing, boolean purging,
                                                    boolean windows) {
        final long seed = ConcurrentRun.seed("clear/purge partitions=" + partitions + " capacity=" + capacity
                + " clear=" + clearing + " purge=" + purging);
        final Set<Long> discarded = ConcurrentHashMap.newKeySet();
        final AtomicLong discardCalls = new AtomicLong();
        final AtomicLong discardedTwice = new AtomicLong();
        var builder = EventStore.<Long>builder()
                .withPartitions(partitions).withCapacityPerPartition(capacity)
                .withTimestampSelector(ClearPurgeRaceStressTest::timestamp)
                .withWindow(Duration.ofSeconds(4), Duration.ofMillis(100))
                .onDiscarded(e -> {
                    discardCalls.incrementAndGet();
                    if (!discarded.add(e)) {
                        discardedTwice.incrementAndGet();
                    }
                });
        if (windows) {
            builder.withValueSelector(id -> 1.0);
        }
        final EventStore<Long> store = builder.create();

        final long[][] appended = new long[PRODUCERS][OPS_PER_PRODUCER];
        final int[] appendedCount = new int[PRODUCERS];
        final AtomicLongArray started = new AtomicLongArray(8);
        final AtomicLongArray done = new AtomicLongArray(PRODUCERS);
        for (int pr = 0; pr < 8; pr++) {
            started.set(pr, -1);
        }
        for (int pr = 0; pr < PRODUCERS; pr++) {
            done.set(pr, -1);
        }
        final AtomicLong purgedByCalls = new AtomicLong();
        final AtomicLong clears = new AtomicLong();
        final AtomicLong purges = new AtomicLong();

        ConcurrentRun run = new ConcurrentRun("clear/purge", BUDGET);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed * 31 + pr);
                int seq = 0;
                while (seq < OPS_PER_PRODUCER && !run.timeUp()) {
                    boolean ok;
                    long id;
                    if (rnd.nextBoolean()) {
                        int p = rnd.nextInt(partitions);
                        id = Ids.id(pr, p, seq);
                        started.set(pr, seq);
                        ok = store.tryAppend(id, p);
                    } else {
                        String key = "k" + rnd.nextInt(8);
                        id = Ids.id(pr, store.partitionFor(key), seq);
                        started.set(pr, seq);
                        ok = store.tryAppend(key, id);
                    }
                    if (!ok) {
                        throw new AssertionError("append returned false under EVICT_OLDEST");
                    }
                    done.set(pr, seq);
                    appended[pr][seq++] = id;
                }
                appendedCount[pr] = seq;
            });
        }
        if (clearing) {
            run.helper(() -> {
                long[] before = completed(done);
                store.clear();
                clears.incrementAndGet();
                List<Long> after = store.snapshot();
                Ids.assertNoNullNoDuplicate(after, "snapshot after clear");
                for (Long e : after) {
                    if (Ids.seq(e) <= before[Ids.producer(e)]) {
                        throw new AssertionError(Ids.show(e) + " completed before clear() started but is visible after it returned");
                    }
                }
            });
        }
        if (purging) {
            run.helper(() -> {
                long[] before = completed(done);
                purgedByCalls.addAndGet(store.purge(Instant.ofEpochMilli(CUTOFF)));
                purges.incrementAndGet();
                List<Long> after = store.snapshot();
                Ids.assertNoNullNoDuplicate(after, "snapshot after purge");
                for (Long e : after) {
                    if (timestamp(e) < CUTOFF && Ids.seq(e) <= before[Ids.producer(e)]) {
                        throw new AssertionError(Ids.show(e) + " (timestamp " + timestamp(e) + " < cutoff " + CUTOFF
                                + ") completed before purge() started but is visible after it returned");
                    }
                }
            });
        }
        final Random readerRnd = new Random(seed);
        run.helper(() -> {
            SnapshotInvariantsStressTest.checkCopy(store.snapshot(), store.capacity(), started, "snapshot()");
            int p = readerRnd.nextInt(partitions);
            SnapshotInvariantsStressTest.checkPartitionCopy(store.copyPartition(p), p, capacity, started,
                    "copyPartition(" + p + ")");
            long count = store.count();
            if (count < 0 || count > store.capacity()) {
                throw new AssertionError("count() = " + count);
            }
        });
        run.execute();

        // ---- quiescence: the conservation law, exactly ----
        long successes = 0;
        for (int pr = 0; pr < PRODUCERS; pr++) {
            successes += appendedCount[pr];
        }
        EventStoreStatistics stats = store.statistics();
        List<Long> finalSnapshot = store.snapshot();
        System.out.printf("[stress] clear/purge partitions=%d capacity=%d appended=%d retained=%d discarded=%d "
                        + "purged=%d cleared=%d (clears=%d purges=%d)%n", partitions, capacity, successes,
                finalSnapshot.size(), stats.totalDiscarded(), stats.totalPurged(), stats.totalCleared(),
                clears.get(), purges.get());
        SnapshotInvariantsStressTest.checkCopy(finalSnapshot, store.capacity(), started, "final snapshot()");
        assertThat(stats.totalAppended()).as("totalAppended == successful appends").isEqualTo(successes);
        assertThat(stats.totalAppended()).as("appended == retained + discarded + purged + cleared")
                .isEqualTo(stats.count() + stats.totalDiscarded() + stats.totalPurged() + stats.totalCleared());
        assertThat(stats.totalPurged()).as("totalPurged == sum of purge() results").isEqualTo(purgedByCalls.get());
        if (!clearing) {
            assertThat(stats.totalCleared()).isZero();
        }
        assertThat(store.count()).isEqualTo(stats.count());
        assertThat(finalSnapshot).as("snapshot().size() == count()").hasSize((int) store.count());
        assertThat(discardedTwice).as("events discarded twice").hasValue(0);
        assertThat(discardCalls.get()).as("discard callbacks == totalDiscarded").isEqualTo(stats.totalDiscarded());
        assertThat(finalSnapshot.stream().filter(discarded::contains).map(Ids::show).toList())
                .as("retained events that were also reported discarded").isEmpty();

        Set<Long> retained = new HashSet<>(finalSnapshot);
        long gone = 0;
        List<String> purgedButKept = new ArrayList<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            for (int s = 0; s < appendedCount[pr]; s++) {
                long id = appended[pr][s];
                if (!retained.contains(id) && !discarded.contains(id)) {
                    gone++;
                    if (!clearing && timestamp(id) >= CUTOFF && purgedButKept.size() < 20) {
                        purgedButKept.add(Ids.show(id) + " ts=" + timestamp(id));
                    }
                }
            }
        }
        assertThat(gone).as("events neither retained nor discarded == purged + cleared (discard callback never "
                + "fired for a cleared or purged event)").isEqualTo(stats.totalPurged() + stats.totalCleared());
        assertThat(purgedButKept).as("events at or after the cutoff removed by purge").isEmpty();

        // ---- a purge at rest removes exactly the old events and keeps the order of the rest ----
        List<Long> expectedAfterPurge = finalSnapshot.stream().filter(e -> timestamp(e) >= CUTOFF).toList();
        long old = finalSnapshot.size() - expectedAfterPurge.size();
        assertThat(store.purge(Instant.ofEpochMilli(CUTOFF))).isEqualTo(old);
        assertThat(store.snapshot()).isEqualTo(expectedAfterPurge);

        // ---- then a clear empties everything and the store fills up again normally ----
        long discardsBefore = store.statistics().totalDiscarded();
        store.clear();
        assertThat(store.count()).isZero();
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.snapshot()).isEmpty();
        if (windows) {
            WindowAggregate w = store.windowAggregate(Instant.EPOCH, Instant.ofEpochMilli(4000));
            assertThat(w.count()).as("buckets after clear").isZero();
        }
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            List<Long> fresh = LongStream.range(0, capacity).map(i -> Ids.id(7, partition, 1_000_000 + i)).boxed().toList();
            assertThat(store.tryAppendAll(fresh, p)).isEqualTo(capacity);
            assertThat(store.copyPartition(p)).as("partition %d refilled after clear", p).isEqualTo(fresh);
        }
        assertThat(store.count()).isEqualTo((long) partitions * capacity);
        assertThat(store.statistics().totalDiscarded()).as("no discard while refilling after clear")
                .isEqualTo(discardsBefore);
        EventStoreStatistics end = store.statistics();
        assertThat(end.totalAppended()).isEqualTo(end.count() + end.totalDiscarded() + end.totalPurged() + end.totalCleared());
    }

    private static long[] completed(AtomicLongArray done) {
        long[] copy = new long[8];
        java.util.Arrays.fill(copy, -1);
        for (int i = 0; i < done.length(); i++) {
            copy[i] = done.get(i);
        }
        return copy;
    }
}
