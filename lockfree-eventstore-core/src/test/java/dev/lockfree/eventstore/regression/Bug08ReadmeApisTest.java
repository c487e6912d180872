package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-08 (docs/seed-parity.md#bug-08): the C# seed's README promised {@code Count(from,to)}, {@code Sum},
 * {@code Average}, {@code Min}, {@code Max}, {@code Aggregate}, {@code Snapshot(from,to)},
 * {@code Snapshot(filter,from,to)} and {@code Query} with no code behind them. Each exists here and gives the right
 * answer on a small data set: values 1..10 at BASE + i s, labels "a" (odd) and "b" (even), over two partitions by label.
 */
class Bug08ReadmeApisTest {

    private static final long BASE = 1_700_000_000_000L;
    private static final Instant FROM = Instant.ofEpochMilli(BASE + 3_000); // value 3
    private static final Instant TO = Instant.ofEpochMilli(BASE + 8_000);   // value 8, inclusive
    private static final Predicate<MetricEvent> A = e -> e.label().equals("a");

    private EventStore<MetricEvent> store;

    @BeforeEach
    void fill() {
        store = MetricEvent.storeBuilder().withKeySelector(MetricEvent.LABEL).withPartitions(2)
                .withCapacityPerPartition(100).create();
        for (int i = 1; i <= 10; i++) {
            store.tryAppend(new MetricEvent(i % 2 == 1 ? "a" : "b", i, BASE + i * 1000L));
        }
    }

    private static List<Double> values(List<MetricEvent> events) {
        return events.stream().map(MetricEvent::value).sorted().toList();
    }

    @Test
    void bug08_countSumAverageMinMaxOverATimeRange() {
        assertThat(store.count(FROM, TO)).isEqualTo(6);
        assertThat(store.count(A, FROM, TO)).isEqualTo(3); // 3, 5, 7
        assertThat(store.sum(MetricEvent::value, FROM, TO)).isEqualTo(33.0);
        assertThat(store.sum(MetricEvent::value, A, FROM, TO)).isEqualTo(15.0);
        assertThat(store.average(MetricEvent::value, FROM, TO)).hasValue(5.5);
        assertThat(store.average(MetricEvent::value, A, FROM, TO)).hasValue(5.0);
        assertThat(store.min(MetricEvent::value, FROM, TO)).hasValue(3.0);
        assertThat(store.min(MetricEvent::value, A.negate(), FROM, TO)).hasValue(4.0);
        assertThat(store.max(MetricEvent::value, FROM, TO)).hasValue(8.0);
        assertThat(store.max(MetricEvent::value, A, FROM, TO)).hasValue(7.0);
        assertThat(store.average(MetricEvent::value, Instant.ofEpochMilli(0), Instant.ofEpochMilli(1))).isEmpty();
        assertThat(store.count(null, null)).isEqualTo(10);
        assertThat(store.sum(MetricEvent::value, null, TO)).isEqualTo(36.0);
    }

    @Test
    void bug08_aggregateWithAndWithoutFilter() {
        assertThat(store.aggregate(() -> 1.0, (acc, e) -> acc * e.value(), FROM, TO)).isEqualTo(3.0 * 4 * 5 * 6 * 7 * 8);
        List<Double> seen = store.aggregate(ArrayList::new, (List<Double> acc, MetricEvent e) -> {
            acc.add(e.value());
            return acc;
        }, A, FROM, TO);
        assertThat(seen).containsExactlyInAnyOrder(3.0, 5.0, 7.0);
    }

    @Test
    void bug08_snapshotsByTimeAndByFilterAndTime() {
        assertThat(values(store.snapshot(FROM, TO))).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(values(store.snapshot(A, FROM, TO))).containsExactly(3.0, 5.0, 7.0);
        assertThat(values(store.snapshot(A))).containsExactly(1.0, 3.0, 5.0, 7.0, 9.0);
        // within a partition the copy is oldest first
        int pa = store.partitionFor("a");
        assertThat(store.copyPartition(pa).stream().map(MetricEvent::value).toList())
                .containsExactly(1.0, 3.0, 5.0, 7.0, 9.0);
    }

    @Test
    void bug08_fluentQuery() {
        assertThat(store.query().where(A).between(FROM, TO).count()).isEqualTo(3);
        assertThat(store.query().from(FROM).to(TO).where(e -> e.value() > 6).toList()).hasSize(2);
        assertThat(store.query().partition(store.partitionFor("b")).count()).isEqualTo(5);
        assertThat(store.query().where(A).limit(2).toList()).hasSize(2);
        assertThat(store.query().where(A).findFirst()).map(MetricEvent::value).contains(1.0);
        Map<String, List<MetricEvent>> groups = store.query().between(FROM, TO).groupBy(MetricEvent::label);
        assertThat(groups.get("a")).hasSize(3);
        assertThat(groups.get("b")).hasSize(3);
        Map<String, DoubleSummaryStatistics> stats = store.query().summarizeBy(MetricEvent::label, MetricEvent::value);
        assertThat(stats.get("b").getSum()).isEqualTo(30.0);
        int[] visited = {0};
        boolean completed = store.query().visit(e -> ++visited[0] < 4);
        assertThat(completed).as("visit stopped early").isFalse();
        assertThat(visited[0]).isEqualTo(4);
    }

    @Test
    void bug08_timeBoundedReadsNeedATimestampSelectorAndWindowTracking() {
        EventStore<String> untimed = EventStore.<String>builder().withPartitions(1).withCapacityPerPartition(4).create();
        untimed.tryAppend("x");
        assertThat(untimed.count(null, null)).isEqualTo(1);
        assertThatThrownBy(() -> untimed.count(FROM, TO)).isInstanceOf(IllegalStateException.class);
        EventStore<MetricEvent> noWindows = MetricEvent.storeBuilder().withWindowTracking(false).withPartitions(1).create();
        assertThatThrownBy(() -> noWindows.snapshot(FROM, TO)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Window tracking is disabled. EnableWindowTracking must be true to use window queries.");
        assertThatThrownBy(() -> noWindows.windowAggregate(FROM, TO)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Window tracking is disabled. EnableWindowTracking must be true to use window queries.");
    }
}
