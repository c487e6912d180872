package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed race R6 (docs/seed-parity.md#r6): the C# seed's padded ring moved head with a single CAS attempt, so colliding
 * writers left head permanently behind; from then on views were built past the end of the array and Snapshot(),
 * SnapshotViews(), ProcessEvents and counts threw ArgumentOutOfRangeException until a Clear (and the same exception
 * occurred transiently with one writer). Here eight producers collide on small partitions (power of two and not) while
 * readers call every read path: nothing throws, and afterwards each partition holds exactly its capacity and exactly
 * the newest events, in order.
 */
class R6NoHeadLagTest {

    private static final int PRODUCERS = 8;
    private static final int PARTITIONS = 3;

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {2, 5, 8})
    void r6_collidingWritersNeitherThrowNorLeaveTheRingLagging(int capacity) {
        long seed = ConcurrentRun.seed("R6 capacity=" + capacity);
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(PARTITIONS).withCapacityPerPartition(capacity)
                .withTimestampSelector(v -> v & 0xFFFF).withValueSelector(v -> 1.0).create();
        ConcurrentRun run = new ConcurrentRun("R6", Duration.ofMillis(700));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed + pr);
                for (long s = 0; s < 100_000 && ((s & 255) != 0 || !run.timeUp()); s++) {
                    long v = ((long) pr << 40) | s;
                    switch (rnd.nextInt(3)) {
                        case 0 -> store.tryAppend(v);
                        case 1 -> store.tryAppend(v, rnd.nextInt(PARTITIONS));
                        default -> store.tryAppendAll(List.of(v), rnd.nextInt(PARTITIONS));
                    }
                }
            });
        }
        Instant from = Instant.ofEpochMilli(0);
        Instant to = Instant.ofEpochMilli(0xFFFF);
        for (int r = 0; r < 2; r++) {
            final Random rnd = new Random(seed * 3 + r);
            run.helper(() -> {
                int p = rnd.nextInt(PARTITIONS);
                check(store.snapshot().size() <= PARTITIONS * capacity, "snapshot() larger than capacity");
                check(store.copyPartition(p).size() <= capacity, "copyPartition larger than capacity");
                check(store.count() <= (long) PARTITIONS * capacity, "count() larger than capacity");
                check(store.count(from, to) <= (long) PARTITIONS * capacity, "count(from, to) larger than capacity");
                check(store.query().partition(p).count() <= capacity, "query().partition(p).count() > capacity");
                store.snapshot(from, to);
                store.sum(v -> 1.0, from, to);
                store.isFull();
                store.isEmpty();
                store.windowAggregate(from, to);
                store.statistics();
            });
        }
        run.execute();

        EventStoreStatistics stats = store.statistics();
        for (PartitionStatistics ps : stats.partitions()) {
            assertThat(ps.count()).as("partition %d", ps.partition()).isEqualTo((int) Math.min(capacity, ps.appended()));
        }
        // Exactly the newest events, in order, once everyone is done: fill each partition afresh.
        for (int p = 0; p < PARTITIONS; p++) {
            final int partition = p;
            List<Long> fresh = LongStream.range(0, capacity).map(i -> (1L << 50) + partition * 100L + i).boxed().toList();
            for (Long v : fresh) {
                store.tryAppend(v, p);
            }
            assertThat(store.copyPartition(p)).as("partition %d", p).isEqualTo(fresh);
        }
        assertThat(store.count()).isEqualTo((long) PARTITIONS * capacity);
        assertThat(store.isFull()).isTrue();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
