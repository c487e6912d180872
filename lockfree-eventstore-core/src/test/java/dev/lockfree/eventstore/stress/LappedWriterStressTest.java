package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import java.time.Duration;
import java.util.ArrayList;
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
 * G4 (SPEC 2.6, seed race R2, docs/seed-parity.md#r2): on capacities 1-3 producers constantly lap each other. Append
 * order is made observable with a shared logical clock: each append takes a tick before it is called and
 * one after it returns. If append b returned before append a was called, b is older than a, so no copy
 * may list b after a; and at the end no discarded event of a partition was appended after a retained one
 * had returned (it would be the newer of the two). Each event is retained or discarded exactly once: a
 * lapped writer that overwrote a newer event would lose it.
 */
class LappedWriterStressTest {

    private static final int PRODUCERS = 8;
    private static final int READERS = 2;
    private static final int OPS_PER_PRODUCER = 30_000;
    private static final Duration BUDGET = Duration.ofMillis(1000);

    static Stream<Arguments> configs() {
        return Stream.of(arguments(1, 1), arguments(1, 2), arguments(1, 3), arguments(2, 2));
    }

    @ParameterizedTest(name = "partitions={0} capacity={1}")
    @MethodSource("configs")
    void aLappedWriterNeverPutsAnOlderEventAfterANewerOne(int partitions, int capacity) {
        final long seed = ConcurrentRun.seed("G4 partitions=" + partitions + " capacity=" + capacity);
        final int events = PRODUCERS * OPS_PER_PRODUCER;
        final AtomicLong clock = new AtomicLong(1);
        final AtomicLongArray startTick = new AtomicLongArray(events);
        final AtomicLongArray endTick = new AtomicLongArray(events); // 0 = not returned yet
        final int[] partitionOf = new int[events];
        final int[] appendedCount = new int[PRODUCERS];
        final Set<Long> discarded = ConcurrentHashMap.newKeySet();
        final AtomicLong discardedTwice = new AtomicLong();
        final EventStore<Long> store = EventStore.<Long>builder()
                .withPartitions(partitions).withCapacityPerPartition(capacity)
                .onDiscarded(e -> {
                    if (!discarded.add(e)) {
                        discardedTwice.incrementAndGet();
                    }
                })
                .create();

        ConcurrentRun run = new ConcurrentRun("G4", BUDGET);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed * 13 + pr);
                int seq = 0;
                while (seq < OPS_PER_PRODUCER && !run.timeUp()) {
                    int idx = pr * OPS_PER_PRODUCER + seq;
                    int p = rnd.nextInt(partitions);
                    partitionOf[idx] = p;
                    startTick.set(idx, clock.getAndIncrement());
                    store.tryAppend((long) idx, p);
                    endTick.set(idx, clock.getAndIncrement());
                    seq++;
                }
                appendedCount[pr] = seq;
            });
        }
        for (int reader = 0; reader < READERS; reader++) {
            final Random rnd = new Random(seed * 7 + reader);
            run.helper(() -> {
                int p = rnd.nextInt(partitions);
                List<Long> copy = store.copyPartition(p);
                checkOrder(copy, startTick, endTick, capacity, "copyPartition(" + p + ")");
            });
        }
        run.execute();

        long appended = 0;
        List<Long> all = new ArrayList<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            appended += appendedCount[pr];
            for (int s = 0; s < appendedCount[pr]; s++) {
                all.add((long) pr * OPS_PER_PRODUCER + s);
            }
        }
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalAppended()).isEqualTo(appended);
        assertThat(discardedTwice).hasValue(0);
        Set<Long> retained = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            List<Long> content = store.copyPartition(p);
            checkOrder(content, startTick, endTick, capacity, "final content of partition " + p);
            assertThat(content).hasSize((int) Math.min(capacity, stats.partitions().get(p).appended()));
            for (Long e : content) {
                assertThat(partitionOf[e.intValue()]).as("partition of %s", e).isEqualTo(p);
            }
            retained.addAll(content);
        }
        checkFinal(all, retained, discarded, startTick, endTick, partitionOf, partitions);
        System.out.printf("[stress] G4 partitions=%d capacity=%d appended=%d reads=%d%n", partitions, capacity,
                appended, run.helperIterations());
    }

    /** No event in the list completed before an event listed earlier was even called. */
    private static void checkOrder(List<Long> copy, AtomicLongArray startTick, AtomicLongArray endTick,
                                   int capacity, String what) {
        if (copy.size() > capacity) {
            throw new AssertionError(what + ": " + copy.size() + " > capacity " + capacity);
        }
        Ids.assertNoNullNoDuplicate(copy, what);
        long latestStartSoFar = Long.MIN_VALUE;
        long latestStartEvent = -1;
        for (Long e : copy) {
            int idx = e.intValue();
            long end = endTick.get(idx);
            if (end != 0 && end < latestStartSoFar) {
                throw new AssertionError(what + ": event " + e + " (returned at tick " + end + ") is listed after event "
                        + latestStartEvent + " which was only appended at tick " + latestStartSoFar + ": " + copy);
            }
            long start = startTick.get(idx);
            if (start > latestStartSoFar) {
                latestStartSoFar = start;
                latestStartEvent = e;
            }
        }
    }

    /**
     * Every event is retained xor discarded, and within a partition no discarded event was appended after
     * a retained one had returned (the discarded one would then be the newer of the two).
     */
    private static void checkFinal(List<Long> all, Set<Long> retained, Set<Long> discarded, AtomicLongArray startTick,
                                   AtomicLongArray endTick, int[] partitionOf, int partitions) {
        List<Long> lost = new ArrayList<>();
        List<Long> both = new ArrayList<>();
        long[] minRetainedEnd = new long[partitions];
        long[] maxDiscardedStart = new long[partitions];
        long[] minRetainedEvent = new long[partitions];
        long[] maxDiscardedEvent = new long[partitions];
        java.util.Arrays.fill(minRetainedEnd, Long.MAX_VALUE);
        java.util.Arrays.fill(maxDiscardedStart, Long.MIN_VALUE);
        for (Long e : all) {
            boolean r = retained.contains(e);
            boolean d = discarded.contains(e);
            int p = partitionOf[e.intValue()];
            if (r && d) {
                both.add(e);
            } else if (!r && !d) {
                lost.add(e);
            } else if (r && endTick.get(e.intValue()) < minRetainedEnd[p]) {
                minRetainedEnd[p] = endTick.get(e.intValue());
                minRetainedEvent[p] = e;
            } else if (d && startTick.get(e.intValue()) > maxDiscardedStart[p]) {
                maxDiscardedStart[p] = startTick.get(e.intValue());
                maxDiscardedEvent[p] = e;
            }
        }
        assertThat(lost).as("events neither retained nor discarded (overwritten by a lapped writer?)").isEmpty();
        assertThat(both).as("events retained and discarded").isEmpty();
        assertThat(retained.size() + discarded.size()).isEqualTo(all.size());
        for (int p = 0; p < partitions; p++) {
            assertThat(maxDiscardedStart[p])
                    .as("partition %d: discarded event %d was appended after retained event %d had returned",
                            p, maxDiscardedEvent[p], minRetainedEvent[p])
                    .isLessThan(minRetainedEnd[p]);
        }
    }
}
