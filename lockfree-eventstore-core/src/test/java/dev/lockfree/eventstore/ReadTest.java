package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadTest {

    private EventStore<MetricEvent> store;

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @BeforeEach
    void fill() {
        store = MetricEvent.storeBuilder().withPartitions(2).withCapacityPerPartition(10).create();
        // partition 0: timestamps out of order on purpose (seed defect BUG-04, docs/seed-parity.md#bug-04, needs
        // non-monotonic data)
        store.tryAppend(new MetricEvent("a", 1, 100), 0);
        store.tryAppend(new MetricEvent("b", 2, 500), 0);
        store.tryAppend(new MetricEvent("a", 3, 200), 0);
        store.tryAppend(new MetricEvent("c", 4, 900), 1);
        store.tryAppend(new MetricEvent("a", 5, 300), 1);
    }

    @Test
    void snapshotIsPartitionOrderThenOldestFirst() {
        assertThat(store.snapshot()).extracting(MetricEvent::value).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
    }

    @Test
    void snapshotIsAnImmutableCopy() {
        List<MetricEvent> copy = store.snapshot();
        store.tryAppend(new MetricEvent("z", 9, 1), 0);
        assertThat(copy).hasSize(5);
        assertThatThrownBy(() -> copy.add(new MetricEvent("x", 0, 0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void filteredSnapshot() {
        assertThat(store.snapshot(e -> e.label().equals("a"))).extracting(MetricEvent::value).containsExactly(1.0, 3.0, 5.0);
        assertThatThrownBy(() -> store.snapshot((java.util.function.Predicate<MetricEvent>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("filter must not be null");
    }

    @Test
    void timeBoundsAreInclusiveAndApplyToEachEvent() {
        assertThat(store.snapshot(at(200), at(500))).extracting(MetricEvent::timestamp).containsExactly(500L, 200L, 300L);
        assertThat(store.snapshot(null, at(200))).extracting(MetricEvent::timestamp).containsExactly(100L, 200L);
        assertThat(store.snapshot(at(900), null)).extracting(MetricEvent::timestamp).containsExactly(900L);
        assertThat(store.snapshot(e -> e.label().equals("a"), at(150), at(1000)))
                .extracting(MetricEvent::timestamp).containsExactly(200L, 300L);
        assertThat(store.snapshot((Instant) null, null)).hasSize(5);
    }

    @Test
    void invertedBoundsAreAClearError() {
        assertThatThrownBy(() -> store.snapshot(at(500), at(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from (1970-01-01T00:00:00.500Z) must not be after to (1970-01-01T00:00:00.100Z)");
        assertThatThrownBy(() -> store.count(at(500), at(100))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scansSeeEveryRetainedEvent() {
        assertThat(store.count(null, null)).isEqualTo(5);
        assertThat(store.count(at(150), at(600))).isEqualTo(3);
        assertThat(store.count(e -> e.label().equals("a"), at(150), at(600))).isEqualTo(2);
        assertThat(store.sum(MetricEvent::value, null, null)).isEqualTo(15.0);
        assertThat(store.sum(MetricEvent::value, at(150), at(600))).isEqualTo(10.0);
        assertThat(store.sum(MetricEvent::value, e -> e.label().equals("a"), null, null)).isEqualTo(9.0);
        assertThat(store.average(MetricEvent::value, null, null)).hasValue(3.0);
        assertThat(store.average(MetricEvent::value, e -> e.label().equals("a"), null, null)).hasValue(3.0);
        assertThat(store.min(MetricEvent::value, at(150), null)).hasValue(2.0);
        assertThat(store.min(MetricEvent::value, e -> e.label().equals("c"), null, null)).hasValue(4.0);
        assertThat(store.max(MetricEvent::value, null, at(300))).hasValue(5.0);
        assertThat(store.max(MetricEvent::value, e -> e.label().equals("b"), null, null)).hasValue(2.0);
        assertThat(store.average(MetricEvent::value, at(10_000), null)).isEqualTo(OptionalDouble.empty());
        assertThat(store.min(MetricEvent::value, at(10_000), null)).isEmpty();
        assertThat(store.max(MetricEvent::value, at(10_000), null)).isEmpty();
        assertThat(store.sum(MetricEvent::value, at(10_000), null)).isZero();
    }

    @Test
    void aggregateFoldsInOrder() {
        String labels = store.aggregate(() -> "", (acc, e) -> acc + e.label(), null, null);
        assertThat(labels).isEqualTo("abaca");
        String onlyA = store.aggregate(() -> "", (acc, e) -> acc + (int) e.value(), e -> e.label().equals("a"), at(150), null);
        assertThat(onlyA).isEqualTo("35");
    }

    @Test
    void queryCoversFilterBoundsPartitionLimitAndGrouping() {
        assertThat(store.query().partition(1).toList()).extracting(MetricEvent::value).containsExactly(4.0, 5.0);
        assertThat(store.query().limit(2).toList()).hasSize(2);
        assertThat(store.query().limit(0).toList()).isEmpty();
        assertThat(store.query().where(e -> e.value() > 1).where(e -> e.value() < 5).count()).isEqualTo(3);
        assertThat(store.query().from(at(300)).to(at(900)).count()).isEqualTo(3);
        assertThat(store.query().where(e -> e.label().equals("c")).findFirst()).get().extracting(MetricEvent::value).isEqualTo(4.0);
        assertThat(store.query().where(e -> e.label().equals("nope")).findFirst()).isEmpty();

        Map<String, List<MetricEvent>> groups = store.query().groupBy(MetricEvent::label);
        assertThat(groups.keySet()).containsExactly("a", "b", "c");
        assertThat(groups.get("a")).hasSize(3);
        Map<String, DoubleSummaryStatistics> sums = store.query().summarizeBy(MetricEvent::label, MetricEvent::value);
        assertThat(sums.get("a").getSum()).isEqualTo(9.0);
        assertThat(sums.get("c").getCount()).isEqualTo(1);

        List<Double> visited = new ArrayList<>();
        boolean completed = store.query().visit(e -> {
            visited.add(e.value());
            return e.value() < 3;
        });
        assertThat(completed).isFalse();
        assertThat(visited).containsExactly(1.0, 2.0, 3.0);
        assertThat(store.query().limit(2).visit(e -> true)).isTrue();

        assertThatThrownBy(() -> store.query().partition(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("partition 2 is out of range [0, 2)");
        assertThatThrownBy(() -> store.query().limit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 0 but was -1");
    }

    @Test
    void extremeInstantsAreClampedNotOverflowed() {
        assertThat(store.count(Instant.MIN, Instant.MAX)).isEqualTo(5);
    }

    @Test
    void timeBoundedReadsNeedATimestampSelector() {
        EventStore<String> plain = EventStore.<String>builder().withPartitions(1).create();
        plain.tryAppend("x");
        assertThatThrownBy(() -> plain.snapshot(at(0), at(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("TimestampSelector must be configured to use timestamp filtering.");
        assertThatThrownBy(() -> plain.count(at(0), null)).isInstanceOf(IllegalStateException.class);
        assertThat(plain.count(null, null)).isEqualTo(1);
    }

    @Test
    void timeBoundedReadsNeedWindowTrackingWithTheOriginalsMessage() {
        EventStore<MetricEvent> untracked = MetricEvent.storeBuilder().withWindowTracking(false).withPartitions(1).create();
        untracked.tryAppend(new MetricEvent("a", 1, 1));
        String message = "Window tracking is disabled. EnableWindowTracking must be true to use window queries.";
        assertThatThrownBy(() -> untracked.snapshot(at(0), at(5))).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(() -> untracked.count(at(0), at(5))).hasMessage(message);
        assertThatThrownBy(() -> untracked.sum(MetricEvent::value, at(0), null)).hasMessage(message);
        assertThatThrownBy(() -> untracked.query().from(at(0)).toList()).hasMessage(message);
        assertThatThrownBy(() -> untracked.windowAggregate(at(0), at(5))).hasMessage(message);
        assertThatThrownBy(() -> untracked.windowAggregate(java.time.Duration.ofSeconds(5))).hasMessage(message);
        // unbounded reads and purge still work
        assertThat(untracked.count(null, null)).isEqualTo(1);
        assertThat(untracked.snapshot()).hasSize(1);
        assertThat(untracked.purge(at(5))).isEqualTo(1);
    }

    @Test
    void stateAccessors() {
        assertThat(store.count()).isEqualTo(5);
        assertThat(store.isEmpty()).isFalse();
        assertThat(store.isFull()).isFalse();
        assertThat(store.partitions()).isEqualTo(2);
        assertThat(store.capacity()).isEqualTo(20);
        assertThat(store.toString()).contains("partitions=2").contains("count=5");
    }
}
