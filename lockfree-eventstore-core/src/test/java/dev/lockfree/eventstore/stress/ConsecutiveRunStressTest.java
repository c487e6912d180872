package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * G2 (SPEC 2.6): one producer per partition writing 0, 1, 2, ... to an explicit partition. Every copy
 * of a partition read concurrently ({@code copyPartition}, {@code query().partition(p).toList()}
 * and each partition's part of {@code snapshot()}) is a run of consecutive numbers, never newer than
 * what was started, and never older than what had completed before the copy began (unless evicted
 * meanwhile, in which case the run is newer still). With a capacity larger than everything appended,
 * each copy is exactly {@code 0..k} with {@code k} at least the last completed append.
 */
class ConsecutiveRunStressTest {

    private static final int PARTITIONS = 4;
    private static final int READERS = 4;
    private static final int OPS = 150_000;
    private static final Duration BUDGET = Duration.ofMillis(1000);

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {1, 3, 64, 1 << 18})
    void everyPartitionCopyIsAConsecutiveRun(int capacity) {
        final long seed = ConcurrentRun.seed("G2 capacity=" + capacity);
        final EventStore<Long> store = EventStore.<Long>builder()
                .withPartitions(PARTITIONS).withCapacityPerPartition(capacity).create();
        final AtomicLongArray started = new AtomicLongArray(PARTITIONS);
        final AtomicLongArray completed = new AtomicLongArray(PARTITIONS);
        final long[] total = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            started.set(p, -1);
            completed.set(p, -1);
        }

        ConcurrentRun run = new ConcurrentRun("G2", BUDGET);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            final int p = partition;
            run.producer(() -> {
                long i = 0;
                while (i < OPS && ((i & 255) != 0 || !run.timeUp())) {
                    started.set(p, i);
                    if (!store.tryAppend(value(p, i), p)) {
                        throw new AssertionError("append returned false");
                    }
                    completed.set(p, i);
                    i++;
                }
                total[p] = i;
            });
        }
        for (int reader = 0; reader < READERS; reader++) {
            final Random rnd = new Random(seed + reader);
            run.helper(() -> {
                int p = rnd.nextInt(PARTITIONS);
                long before = completed.get(p);
                List<Long> copy = rnd.nextBoolean() ? store.copyPartition(p) : store.query().partition(p).toList();
                checkRun(copy, p, before, started.get(p), capacity, "partition " + p);

                long[] befores = new long[PARTITIONS];
                for (int q = 0; q < PARTITIONS; q++) {
                    befores[q] = completed.get(q);
                }
                List<Long> all = store.snapshot();
                int from = 0;
                for (int q = 0; q < PARTITIONS; q++) {
                    int to = from;
                    while (to < all.size() && partitionOf(all.get(to)) == q) {
                        to++;
                    }
                    checkRun(all.subList(from, to), q, befores[q], started.get(q), capacity,
                            "snapshot() part of partition " + q);
                    from = to;
                }
                if (from != all.size()) {
                    throw new AssertionError("snapshot() is not partitions in index order, each contiguous: " + all);
                }
            });
        }
        run.execute();

        for (int p = 0; p < PARTITIONS; p++) {
            long n = total[p];
            List<Long> expected = LongStream.range(Math.max(0, n - capacity), n).mapToObj(i -> value(0, i)).toList();
            assertThat(store.copyPartition(p).stream().map(v -> v & ((1L << 40) - 1)).toList())
                    .as("final content of partition %d", p).isEqualTo(expected);
        }
        System.out.printf("[stress] G2 capacity=%d appended per partition=%s reads=%d%n", capacity,
                java.util.Arrays.toString(total), run.helperIterations());
    }

    private static long value(int partition, long i) {
        return ((long) partition << 40) | i;
    }

    private static int partitionOf(long v) {
        return (int) (v >>> 40);
    }

    private static void checkRun(List<Long> run, int p, long completedBefore, long startedAfter, int capacity,
                                 String what) {
        if (run.size() > capacity) {
            throw new AssertionError(what + ": " + run.size() + " events > capacity " + capacity);
        }
        long previous = -1;
        for (int k = 0; k < run.size(); k++) {
            Long v = run.get(k);
            if (v == null) {
                throw new AssertionError(what + ": null at " + k);
            }
            if (partitionOf(v) != p) {
                throw new AssertionError(what + ": holds a value of partition " + partitionOf(v));
            }
            long i = v & ((1L << 40) - 1);
            if (k > 0 && i != previous + 1) {
                throw new AssertionError(what + ": not consecutive, " + i + " after " + previous + " in "
                        + run.stream().map(x -> x & ((1L << 40) - 1)).toList());
            }
            previous = i;
        }
        if (run.isEmpty()) {
            if (completedBefore >= 0 && capacity > OPS) { // nothing can have been evicted
                throw new AssertionError(what + ": empty although " + (completedBefore + 1) + " were appended");
            }
            return;
        }
        long first = run.get(0) & ((1L << 40) - 1);
        if (previous > startedAfter) {
            throw new AssertionError(what + ": holds " + previous + " but only " + startedAfter + " was started");
        }
        if (previous < completedBefore) {
            throw new AssertionError(what + ": ends at " + previous + " although " + completedBefore
                    + " had completed before the copy began");
        }
        if (capacity > OPS && first != 0) {
            throw new AssertionError(what + ": starts at " + first + " although nothing was evicted");
        }
    }
}
