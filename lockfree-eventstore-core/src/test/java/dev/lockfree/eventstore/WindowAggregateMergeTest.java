package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowAggregate#merge} and the per-partition {@link EventStore#windowAggregate(int, Instant, Instant)}: the
 * partitions' aggregates merged in any grouping equal the whole store's aggregate and brute force over the events.
 */
class WindowAggregateMergeTest {

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void anEmptySideContributesNothingNotEvenItsZeros() {
        WindowAggregate negative = new WindowAggregate(at(0), at(1_000), 2, -7, -5, -2);
        WindowAggregate empty = WindowAggregate.empty(at(0), at(1_000));
        assertThat(negative.merge(empty)).isEqualTo(negative);
        assertThat(empty.merge(negative)).isEqualTo(negative);
        assertThat(empty.merge(empty)).isEqualTo(empty);
    }

    @Test
    void countsAndSumsAddMinAndMaxAreTheExtremesAndTheRangeSpansBoth() {
        WindowAggregate a = new WindowAggregate(at(1_000), at(3_000), 2, 10, 4, 6);
        WindowAggregate b = new WindowAggregate(at(0), at(2_000), 3, -3, -2, 1);
        WindowAggregate merged = a.merge(b);
        assertThat(merged).isEqualTo(new WindowAggregate(at(0), at(3_000), 5, 7, -2, 6));
        assertThat(b.merge(a)).isEqualTo(merged);
        assertThat(merged.average()).isEqualTo(1.4);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> WindowAggregate.empty(at(0), at(1)).merge(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("other");
    }

    @Test
    void partitionsMergedInAnyGroupingEqualTheStoreAndBruteForce() {
        long seed = System.nanoTime();
        System.out.println("WindowAggregateMergeTest seed=" + seed);
        Random random = new Random(seed);
        int partitions = 5;
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(partitions)
                .withCapacityPerPartition(8) // evictions: buckets count every arrival anyway
                .withWindow(Duration.ofSeconds(60), Duration.ofSeconds(1)).create();
        List<MetricEvent> appended = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // integral values: every partial sum is exact, so any grouping must agree to the bit
            MetricEvent event = new MetricEvent("m", random.nextInt(2_001) - 1_000, random.nextInt(50_000));
            if (store.tryAppend(event, random.nextInt(partitions))) {
                appended.add(event);
            }
        }
        for (int round = 0; round < 50; round++) {
            long from = random.nextInt(60_000) - 5_000;
            long to = from + random.nextInt(30_000);
            WindowAggregate whole = store.windowAggregate(at(from), at(to));
            // brute force over the appended events in the covered buckets
            long count = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (MetricEvent e : appended) {
                if (e.timestamp() >= whole.from().toEpochMilli()
                        && e.timestamp() < whole.to().toEpochMilli()) {
                    count++;
                    sum += e.value();
                    min = Math.min(min, e.value());
                    max = Math.max(max, e.value());
                }
            }
            // merge the partitions in a random order, in two random groups merged afterwards
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            java.util.Collections.shuffle(order, random);
            int cut = random.nextInt(partitions + 1);
            WindowAggregate left = WindowAggregate.empty(whole.from(), whole.to());
            WindowAggregate right = WindowAggregate.empty(whole.from(), whole.to());
            for (int i = 0; i < partitions; i++) {
                WindowAggregate part = store.windowAggregate(order.get(i), at(from), at(to));
                assertThat(part.from()).isEqualTo(whole.from());
                assertThat(part.to()).isEqualTo(whole.to());
                if (i < cut) {
                    left = left.merge(part);
                } else {
                    right = right.merge(part);
                }
            }
            WindowAggregate merged = right.merge(left);
            assertThat(merged).as("seed %d, [%d, %d)", seed, from, to).isEqualTo(whole);
            assertThat(merged.count()).isEqualTo(count);
            assertThat(merged.sum()).isEqualTo(sum);
            if (count > 0) {
                assertThat(merged.min()).isEqualTo(min);
                assertThat(merged.max()).isEqualTo(max);
            }
        }
    }

    @Test
    void aPartitionOutOfRangeIsNamed() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(2).create();
        assertThatThrownBy(() -> store.windowAggregate(2, at(0), at(1)))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("partition 2")
                .hasMessageContaining("[0, 2)");
    }
}
