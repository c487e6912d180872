package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed race R3 (docs/seed-parity.md#r3): in the C# seed, between an append's tail increment and its head CAS a reader
 * could see the newest event in the oldest position (a full partition read from the old head). Here a single producer
 * overflows a small partition while readers copy it: each copy is oldest-first and consecutive, never wraps around,
 * never exceeds the capacity, and the first event a query finds is the oldest of a copy taken before it, or newer.
 */
class R3OverflowOrderTest {

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {4, 5})
    void r3_copiesOfAnOverflowingPartitionAreOldestFirst(int capacity) {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(capacity).create();
        AtomicLong started = new AtomicLong(-1);
        long[] total = new long[1];
        ConcurrentRun run = new ConcurrentRun("R3", Duration.ofMillis(600));
        run.producer(() -> {
            long i = 0;
            while (i < 2_000_000 && ((i & 1023) != 0 || !run.timeUp())) {
                started.set(i);
                store.tryAppend(i++, 0);
            }
            total[0] = i;
        });
        for (int r = 0; r < 3; r++) {
            run.helper(() -> {
                List<Long> copy = store.snapshot();
                if (copy.size() > capacity || store.count() > capacity) {
                    throw new AssertionError("more than capacity: " + copy + " count=" + store.count());
                }
                for (int k = 1; k < copy.size(); k++) {
                    if (copy.get(k) != copy.get(k - 1) + 1) {
                        throw new AssertionError("not oldest-first consecutive: " + copy);
                    }
                }
                if (!copy.isEmpty() && copy.get(copy.size() - 1) > started.get()) {
                    throw new AssertionError("event never appended in " + copy);
                }
                Optional<Long> first = store.query().findFirst();
                if (!copy.isEmpty() && first.isPresent() && first.get() < copy.get(0)) {
                    throw new AssertionError("findFirst " + first.get() + " older than a previous copy " + copy);
                }
            });
        }
        run.execute();
        long n = total[0];
        assertThat(store.snapshot()).isEqualTo(LongStream.range(n - capacity, n).boxed().toList());
    }
}
