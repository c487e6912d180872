package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.PartitionView;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed race R10 (docs/seed-parity.md#r10): the C# seed guarded its readers with an epoch checked once every 256
 * appends, so a reader could take a slot that a later lap had already overwritten and return an event from the wrong
 * lap. Here every read validates the slot it reads. One producer appends 0, 1, 2, ... to a fresh partition, so an
 * event's value is its sequence; the partition is tiny, so producers lap it all the time, between any two appends and
 * not only every 256. Readers check that an event read at sequence s is s (or nothing, once evicted), that a visit
 * sees increasing values, and that a copy is a consecutive run.
 */
class R10PerSlotValidationTest {

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {2, 3})
    void r10_everyReadReturnsTheEventOfTheSequenceItAskedForNeverOneFromAnotherLap(int capacity) {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(capacity).create();
        PartitionView<Long> view = store.view(0);
        AtomicLong started = new AtomicLong(-1);
        AtomicLong reads = new AtomicLong();
        long[] total = new long[1];
        ConcurrentRun run = new ConcurrentRun("R10 capacity=" + capacity, Duration.ofMillis(600));
        run.producer(() -> {
            long i = 0;
            while (i < 5_000_000 && ((i & 1023) != 0 || !run.timeUp())) {
                started.set(i);
                store.tryAppend(i++, 0);
            }
            total[0] = i;
        });
        run.helper(() -> {
            long next = view.nextSequence();
            for (long s = Math.max(0, next - capacity - 1); s <= next; s++) {
                Long event = view.get(s);
                if (event != null && event != s) {
                    throw new AssertionError("read at sequence " + s + " returned " + event + " (another lap)");
                }
                reads.incrementAndGet();
            }
        });
        run.helper(() -> {
            long[] previous = {-1};
            view.forEach(event -> {
                if (event <= previous[0] || event > started.get()) {
                    throw new AssertionError("visited " + event + " after " + previous[0] + ", newest started "
                            + started.get());
                }
                previous[0] = event;
                return true;
            });
        });
        run.helper(() -> {
            List<Long> copy = store.snapshot();
            for (int k = 1; k < copy.size(); k++) {
                if (copy.get(k) != copy.get(k - 1) + 1) {
                    throw new AssertionError("not a consecutive run: " + copy);
                }
            }
        });
        run.execute();
        System.out.println("[regression] R10 capacity=" + capacity + " appended=" + total[0] + " reads=" + reads.get());
        long n = total[0];
        assertThat(reads.get()).isPositive();
        assertThat(store.snapshot()).isEqualTo(LongStream.range(n - capacity, n).boxed().toList());
        for (long s = n - capacity; s < n; s++) {
            assertThat(view.get(s)).isEqualTo(s);
        }
    }
}
