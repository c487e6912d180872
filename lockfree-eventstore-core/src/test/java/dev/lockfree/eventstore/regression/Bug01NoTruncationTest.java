package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-01 (docs/seed-parity.md#bug-01): the C# seed copied at most 4096 (a pooled chunk) events per
 * partition, always the oldest, so purge deleted the newest events and unfiltered sum/average/min/max/aggregate ignored
 * everything past the first chunk. Here every partition holds 10 000 events and every read must see all of them.
 */
class Bug01NoTruncationTest {

    private static final int PER_PARTITION = 10_000;
    private static final int PARTITIONS = 2;
    private static final long BASE = 1_700_000_000_000L;

    private EventStore<MetricEvent> store;

    @BeforeEach
    void fill() {
        store = MetricEvent.storeBuilder().withPartitions(PARTITIONS).withCapacityPerPartition(20_000).create();
        for (int p = 0; p < PARTITIONS; p++) {
            final int partition = p;
            List<MetricEvent> events = IntStream.range(0, PER_PARTITION)
                    .mapToObj(i -> new MetricEvent("p" + partition, i + 1, BASE + i)).toList();
            assertThat(store.tryAppendAll(events, p)).isEqualTo(PER_PARTITION);
        }
    }

    @Test
    void bug01_unboundedScansSeeEveryEventPastTheFirst4096() {
        long total = (long) PARTITIONS * PER_PARTITION;
        double sum = PARTITIONS * (PER_PARTITION * (PER_PARTITION + 1.0) / 2);
        assertThat(store.count()).isEqualTo(total);
        assertThat(store.count(null, null)).isEqualTo(total);
        assertThat(store.sum(MetricEvent::value, null, null)).isEqualTo(sum);
        assertThat(store.average(MetricEvent::value, null, null)).hasValue(sum / total);
        assertThat(store.min(MetricEvent::value, null, null)).hasValue(1.0);
        assertThat(store.max(MetricEvent::value, null, null)).as("the newest (largest) value is past 4096")
                .hasValue(PER_PARTITION);
        assertThat(store.aggregate(() -> 0L, (n, e) -> n + 1, null, null)).isEqualTo(total);
        assertThat(store.query().count()).isEqualTo(total);
        assertThat(store.query().summarize(MetricEvent::value).getMax()).isEqualTo(PER_PARTITION);
        assertThat(store.query().groupBy(MetricEvent::label).values()).allSatisfy(g -> assertThat(g).hasSize(PER_PARTITION));
        assertThat(store.snapshot()).hasSize((int) total);
        for (int p = 0; p < PARTITIONS; p++) {
            List<MetricEvent> part = store.copyPartition(p);
            assertThat(part).hasSize(PER_PARTITION);
            assertThat(part.get(PER_PARTITION - 1).value()).isEqualTo(PER_PARTITION);
        }
    }

    @Test
    void bug01_timeBoundedScansCountAndSumTheSameEvents() {
        Instant from = Instant.ofEpochMilli(BASE + 100);
        Instant to = Instant.ofEpochMilli(BASE + 9_899); // 9 800 events per partition, far past 4096
        long expectedCount = PARTITIONS * 9_800L;
        double expectedSum = PARTITIONS * ((101.0 + 9_900.0) * 9_800 / 2);
        assertThat(store.count(from, to)).isEqualTo(expectedCount);
        assertThat(store.snapshot(from, to)).hasSize((int) expectedCount);
        assertThat(store.sum(MetricEvent::value, from, to)).isEqualTo(expectedSum);
        assertThat(store.max(MetricEvent::value, from, to)).hasValue(9_900.0);
        assertThat(store.aggregate(() -> 0.0, (s, e) -> s + e.value(), from, to)).isEqualTo(expectedSum);
    }

    @Test
    void bug01_purgeKeepsTheNewestEventsInOrder() {
        long removed = store.purge(Instant.ofEpochMilli(BASE + 1_000));
        assertThat(removed).isEqualTo(PARTITIONS * 1_000L);
        assertThat(store.count()).isEqualTo(PARTITIONS * 9_000L);
        for (int p = 0; p < PARTITIONS; p++) {
            List<Double> values = store.copyPartition(p).stream().map(MetricEvent::value).toList();
            assertThat(values).hasSize(9_000);
            assertThat(values).isEqualTo(IntStream.rangeClosed(1_001, PER_PARTITION).mapToObj(i -> (double) i).toList());
        }
        assertThat(store.statistics().totalPurged()).isEqualTo(removed);
    }
}
