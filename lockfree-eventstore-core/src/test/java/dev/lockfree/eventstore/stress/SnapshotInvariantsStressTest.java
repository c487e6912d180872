package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.PartitionStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * G1 and G3 (SPEC 2.6): many producers on every append path, readers copying concurrently.
 *
 * <p>Every copy: no null, no event twice, never an event that was not appended, each producer's events
 * strictly increasing within a partition, partitions in index order, size within capacity. At
 * quiescence: counters exact, the discard callback saw exactly the evicted events, each once, and every
 * appended event is either retained or was discarded; what a partition retains is the newest part of
 * each producer's stream into it.
 */
class SnapshotInvariantsStressTest {

    private static final int PRODUCERS = 8;
    private static final int READERS = 2;
    private static final int OPS_PER_PRODUCER = 40_000;
    private static final Duration BUDGET = Duration.ofMillis(1200);

    static Stream<Arguments> configs() {
        return Stream.of(
                arguments(1, 1), arguments(1, 3), arguments(1, 16), arguments(1, 4096),
                arguments(4, 1), arguments(4, 3), arguments(3, 16), arguments(4, 1000));
    }

    @ParameterizedTest(name = "partitions={0} capacity={1}")
    @MethodSource("configs")
    void snapshotsAreCleanAndCountersExactAtQuiescence(int partitions, int capacity) {
        final long seed = ConcurrentRun.seed("G1/G3 partitions=" + partitions + " capacity=" + capacity);
        final Set<Long> discarded = ConcurrentHashMap.newKeySet();
        final AtomicLong discardCalls = new AtomicLong();
        final AtomicLong discardedTwice = new AtomicLong();
        final EventStore<Long> store = EventStore.<Long>builder()
                .withPartitions(partitions)
                .withCapacityPerPartition(capacity)
                .onDiscarded(e -> {
                    discardCalls.incrementAndGet();
                    if (!discarded.add(e)) {
                        discardedTwice.incrementAndGet();
                    }
                })
                .create();

        final long[][] appended = new long[PRODUCERS][OPS_PER_PRODUCER];
        final int[] appendedCount = new int[PRODUCERS];
        final AtomicLongArray started = new AtomicLongArray(PRODUCERS);
        for (int pr = 0; pr < PRODUCERS; pr++) {
            started.set(pr, -1);
        }
        final AtomicLong snapshotsChecked = new AtomicLong();

        ConcurrentRun run = new ConcurrentRun("G1", BUDGET);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed * 31 + pr);
                int seq = 0;
                long[] mine = appended[pr];
                while (seq < OPS_PER_PRODUCER && !run.timeUp()) {
                    switch (rnd.nextInt(4)) {
                        case 0 -> { // explicit partition
                            int p = rnd.nextInt(partitions);
                            long id = Ids.id(pr, p, seq);
                            started.set(pr, seq);
                            require(store.tryAppend(id, p), id);
                            mine[seq++] = id;
                        }
                        case 1 -> { // string key
                            String key = "key-" + rnd.nextInt(32);
                            long id = Ids.id(pr, store.partitionFor(key), seq);
                            started.set(pr, seq);
                            require(store.tryAppend(key, id), id);
                            mine[seq++] = id;
                        }
                        case 2 -> { // batch to one partition
                            int p = rnd.nextInt(partitions);
                            int n = Math.min(1 + rnd.nextInt(6), OPS_PER_PRODUCER - seq);
                            List<Long> batch = new ArrayList<>(n);
                            for (int k = 0; k < n; k++) {
                                batch.add(Ids.id(pr, p, seq + k));
                            }
                            started.set(pr, seq + n - 1);
                            require(store.tryAppendAll(batch, p) == n, batch.get(0));
                            for (Long id : batch) {
                                mine[seq++] = id;
                            }
                        }
                        default -> { // unkeyed: the store picks the partition
                            long id = Ids.id(pr, Ids.UNKNOWN, seq);
                            started.set(pr, seq);
                            require(store.tryAppend(id), id);
                            mine[seq++] = id;
                        }
                    }
                }
                appendedCount[pr] = seq;
            });
        }
        for (int reader = 0; reader < READERS; reader++) {
            final Random rnd = new Random(seed * 17 + reader);
            run.helper(() -> {
                List<Long> all = store.snapshot();
                checkCopy(all, store.capacity(), started, "snapshot()");
                int p = rnd.nextInt(partitions);
                List<Long> one = store.copyPartition(p);
                checkPartitionCopy(one, p, capacity, started, "copyPartition(" + p + ")");
                long count = store.count();
                if (count < 0 || count > store.capacity()) {
                    throw new AssertionError("count() = " + count + " outside [0, " + store.capacity() + "]");
                }
                snapshotsChecked.incrementAndGet();
            });
        }
        run.execute();

        // ---- quiescence ----
        long successes = Arrays.stream(appendedCount).asLongStream().sum();
        EventStoreStatistics stats = store.statistics();
        List<Long> finalSnapshot = store.snapshot();
        checkCopy(finalSnapshot, store.capacity(), started, "final snapshot()");
        System.out.printf("[stress] G1 partitions=%d capacity=%d appended=%d discarded=%d snapshots=%d%n",
                partitions, capacity, successes, stats.totalDiscarded(), snapshotsChecked.get());

        assertThat(stats.totalAppended()).as("totalAppended == successful appends").isEqualTo(successes);
        assertThat(stats.totalRejected()).isZero();
        assertThat(stats.totalPurged() + stats.totalCleared()).isZero();
        assertThat(store.count()).as("count == appended - discarded - purged - cleared")
                .isEqualTo(stats.totalAppended() - stats.totalDiscarded() - stats.totalPurged() - stats.totalCleared());
        assertThat(stats.count()).isEqualTo(store.count());
        assertThat(finalSnapshot).as("snapshot().size() == count()").hasSize((int) store.count());

        assertThat(discardedTwice).as("events reported discarded twice").hasValue(0);
        assertThat(discardCalls.get()).as("discard callbacks == totalDiscarded").isEqualTo(stats.totalDiscarded());
        assertThat(discarded).hasSize((int) stats.totalDiscarded());
        Set<Long> retained = new HashSet<>(finalSnapshot);
        List<Long> retainedAndDiscarded = finalSnapshot.stream().filter(discarded::contains).toList();
        assertThat(retainedAndDiscarded).as("discarded events still in the final snapshot").isEmpty();

        for (int p = 0; p < partitions; p++) {
            PartitionStatistics ps = stats.partitions().get(p);
            List<Long> part = store.copyPartition(p);
            checkPartitionCopy(part, p, capacity, started, "final copyPartition(" + p + ")");
            assertThat(part).as("partition %d holds min(appended, capacity)", p)
                    .hasSize((int) Math.min(ps.appended(), capacity));
            assertThat(ps.count()).isEqualTo(part.size());
            assertThat(ps.appended() - ps.discarded() - ps.removed()).isEqualTo(ps.count());
        }

        // Every appended event is retained or was discarded (no clear/purge here): nothing lost.
        List<String> lost = new ArrayList<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            for (int s = 0; s < appendedCount[pr]; s++) {
                long id = appended[pr][s];
                if (!retained.contains(id) && !discarded.contains(id) && lost.size() < 20) {
                    lost.add(Ids.show(id));
                }
            }
        }
        assertThat(lost).as("appended events neither retained nor discarded (lost)").isEmpty();
        assertThat((long) retained.size() + discarded.size()).isEqualTo(successes);

        // What a partition retains of one producer's stream into it is a suffix of that stream (newest part).
        List<String> holes = new ArrayList<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            boolean[] seenRetained = new boolean[partitions];
            for (int s = 0; s < appendedCount[pr]; s++) {
                long id = appended[pr][s];
                int p = Ids.partition(id);
                if (p == Ids.UNKNOWN) {
                    continue;
                }
                if (retained.contains(id)) {
                    seenRetained[p] = true;
                } else if (seenRetained[p] && holes.size() < 20) {
                    holes.add(Ids.show(id) + " evicted although an older event of the same producer is retained");
                }
            }
        }
        assertThat(holes).isEmpty();
    }

    private static void require(boolean appended, long id) {
        if (!appended) {
            throw new AssertionError("append of " + Ids.show(id) + " returned false under EVICT_OLDEST");
        }
    }

    /** Checks a whole-store copy: partitions in index order, per-partition producer order, bounds. */
    static void checkCopy(List<Long> events, long capacity, AtomicLongArray started, String what) {
        if (events.size() > capacity) {
            throw new AssertionError(what + ": " + events.size() + " events > capacity " + capacity);
        }
        Ids.assertNoNullNoDuplicate(events, what);
        int lastPartition = -1;
        long[][] lastSeq = new long[PRODUCERS][256];
        for (long[] row : lastSeq) {
            Arrays.fill(row, -1);
        }
        for (Long e : events) {
            int p = Ids.partition(e);
            if (p != Ids.UNKNOWN) {
                if (p < lastPartition) {
                    throw new AssertionError(what + ": " + Ids.show(e) + " of partition " + p
                            + " after partition " + lastPartition + " (partitions must be in index order)");
                }
                lastPartition = p;
                int pr = Ids.producer(e);
                if (Ids.seq(e) <= lastSeq[pr][p]) {
                    throw new AssertionError(what + ": " + Ids.show(e) + " after #" + lastSeq[pr][p]
                            + " of the same producer in the same partition");
                }
                lastSeq[pr][p] = Ids.seq(e);
            }
        }
        checkAppended(events, started, what);
    }

    /** Checks one partition's copy: every known partition field matches, producer order is strict. */
    static void checkPartitionCopy(List<Long> events, int partition, int capacity, AtomicLongArray started,
                                   String what) {
        if (events.size() > capacity) {
            throw new AssertionError(what + ": " + events.size() + " events > capacity " + capacity);
        }
        Ids.assertNoNullNoDuplicate(events, what);
        long[] lastSeq = new long[PRODUCERS];
        Arrays.fill(lastSeq, -1);
        for (Long e : events) {
            int p = Ids.partition(e);
            if (p != Ids.UNKNOWN && p != partition) {
                throw new AssertionError(what + ": holds " + Ids.show(e) + " appended to partition " + p);
            }
            int pr = Ids.producer(e);
            if (Ids.seq(e) <= lastSeq[pr]) {
                throw new AssertionError(what + ": " + Ids.show(e) + " after #" + lastSeq[pr]
                        + " of the same producer: order broken " + events);
            }
            lastSeq[pr] = Ids.seq(e);
        }
        checkAppended(events, started, what);
    }

    /** Every event seen was actually handed to the store (its producer had started appending it). */
    private static void checkAppended(List<Long> events, AtomicLongArray started, String what) {
        for (Long e : events) {
            int pr = Ids.producer(e);
            if (pr >= PRODUCERS || Ids.seq(e) > started.get(pr)) {
                throw new AssertionError(what + ": " + Ids.show(e) + " was never appended");
            }
        }
    }
}
