package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-04 (docs/seed-parity.md#bug-04): a time-filtered view of the C# seed was the contiguous slot range
 * from the first match to the last match, so with non-monotonic timestamps (the normal case) out-of-range events leaked
 * into counts and sums, and {@code view.Count} differed from the number of items enumerated.
 */
class Bug04TimeFilteredViewsTest {

    private static final long BASE = 1_700_000_000_000L;

    private static MetricEvent at(long offset, double value) {
        return new MetricEvent("m", value, BASE + offset);
    }

    private static Instant t(long offset) {
        return Instant.ofEpochMilli(BASE + offset);
    }

    @Test
    void bug04_outOfRangeEventsBetweenMatchesNeverLeak() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(64).create();
        long[] offsets = {100, 5, 200, 7, 150, 300, 1, 120, 201, 99};
        for (long o : offsets) {
            store.tryAppend(at(o, o));
        }
        List<Double> expected = List.of(100.0, 200.0, 150.0, 120.0);

        assertThat(store.snapshot(t(100), t(200)).stream().map(MetricEvent::value).toList()).isEqualTo(expected);
        assertThat(store.count(t(100), t(200))).isEqualTo(4);
        assertThat(store.sum(MetricEvent::value, t(100), t(200))).isEqualTo(570.0);
        assertThat(store.average(MetricEvent::value, t(100), t(200))).hasValue(142.5);
        assertThat(store.min(MetricEvent::value, t(100), t(200))).hasValue(100.0);
        assertThat(store.max(MetricEvent::value, t(100), t(200))).hasValue(200.0);
        List<Double> folded = store.aggregate(ArrayList::new, (List<Double> l, MetricEvent e) -> {
            l.add(e.value());
            return l;
        }, t(100), t(200));
        assertThat(folded).isEqualTo(expected);
        assertThat(store.query().between(t(100), t(200)).count()).isEqualTo(4);
        List<Double> visited = new ArrayList<>();
        store.query().between(t(100), t(200)).forEach(e -> visited.add(e.value()));
        assertThat(visited).isEqualTo(expected);
        assertThat(store.snapshot(e -> e.value() > 120, t(100), t(200)).stream().map(MetricEvent::value).toList())
                .containsExactly(200.0, 150.0);
        assertThat(store.count(e -> e.value() > 120, t(100), t(200))).isEqualTo(2);
    }

    @Test
    void bug04_boundsAreInclusiveAndNullMeansUnbounded() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(64).create();
        for (long o : new long[] {100, 5, 200, 7, 150, 300, 1}) {
            store.tryAppend(at(o, o));
        }
        assertThat(store.snapshot(t(100), t(100)).stream().map(MetricEvent::value).toList()).containsExactly(100.0);
        assertThat(store.snapshot(null, t(7)).stream().map(MetricEvent::value).toList()).containsExactly(5.0, 7.0, 1.0);
        assertThat(store.snapshot(t(300), null).stream().map(MetricEvent::value).toList()).containsExactly(300.0);
        assertThat(store.count(t(101), t(149))).isZero();
        assertThat(store.snapshot(t(101), t(149))).isEmpty();
        assertThat(store.average(MetricEvent::value, t(101), t(149))).isEmpty();
    }

    @Test
    void bug04_countAlwaysEqualsTheNumberOfEventsReturned() {
        long seed = ConcurrentRun.seed("BUG-04 random ranges");
        Random rnd = new Random(seed);
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(3).withCapacityPerPartition(200).create();
        List<MetricEvent> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            MetricEvent e = at(rnd.nextInt(1_000), rnd.nextInt(100));
            store.tryAppend(e, rnd.nextInt(3));
        }
        all.addAll(store.snapshot()); // what is retained (capacity 3 x 200)
        for (int round = 0; round < 200; round++) {
            long a = rnd.nextInt(1_100) - 50;
            long b = a + rnd.nextInt(400);
            Predicate<MetricEvent> in = e -> e.timestamp() >= BASE + a && e.timestamp() <= BASE + b;
            List<MetricEvent> expected = all.stream().filter(in).toList();
            DoubleSummaryStatistics stats = expected.stream().mapToDouble(MetricEvent::value).summaryStatistics();
            List<MetricEvent> got = store.snapshot(t(a), t(b));
            assertThat(got).as("range [%d, %d]", a, b).isEqualTo(expected);
            assertThat(store.count(t(a), t(b))).isEqualTo(got.size());
            assertThat(store.query().between(t(a), t(b)).count()).isEqualTo(got.size());
            assertThat(store.sum(MetricEvent::value, t(a), t(b))).isEqualTo(stats.getSum());
            if (!expected.isEmpty()) {
                assertThat(store.min(MetricEvent::value, t(a), t(b))).hasValue(stats.getMin());
                assertThat(store.max(MetricEvent::value, t(a), t(b))).hasValue(stats.getMax());
            }
        }
    }
}
