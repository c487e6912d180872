package dev.lockfree.sample.dashboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.LabelSeries;

class MetricBucketsTest {

    @Test
    void eachEventLandsInTheBucketHoldingItsTimestampBoundsIncludedAtTheStartOnly() {
        MetricBuckets buckets = new MetricBuckets(1_000, 100, 3);

        buckets.add(new MetricEvent("a", 1, 999));   // before the first bucket
        buckets.add(new MetricEvent("a", 2, 1_000)); // first millisecond of bucket 0
        buckets.add(new MetricEvent("a", 3, 1_099)); // last millisecond of bucket 0
        buckets.add(new MetricEvent("a", 4, 1_100)); // bucket 1
        buckets.add(new MetricEvent("a", 5, 1_299)); // last millisecond of bucket 2
        buckets.add(new MetricEvent("a", 6, 1_300)); // after the last bucket

        LabelSeries a = buckets.top(8).get(0);
        assertThat(a.counts()).containsExactly(2, 1, 1);
        assertThat(a.avgs()).containsExactly(2.5, 4.0, 5.0);
        assertThat(a.mins()).containsExactly(2.0, 4.0, 5.0);
        assertThat(a.maxs()).containsExactly(3.0, 4.0, 5.0);
        assertThat(a.count()).isEqualTo(4);
        assertThat(a.sum()).isEqualTo(14.0);
        assertThat(a.min()).isEqualTo(2.0);
        assertThat(a.max()).isEqualTo(5.0);
        assertThat(a.avg()).isEqualTo(3.5);
    }

    @Test
    void emptyBucketsHaveZeroCountAndNoValues() {
        MetricBuckets buckets = new MetricBuckets(0, 10, 4);
        buckets.add(new MetricEvent("a", -7.5, 25));

        LabelSeries a = buckets.top(8).get(0);
        assertThat(a.counts()).containsExactly(0, 0, 1, 0);
        assertThat(a.avgs()).containsExactly(null, null, -7.5, null);
        assertThat(a.mins()).containsExactly(null, null, -7.5, null);
        assertThat(a.maxs()).containsExactly(null, null, -7.5, null);
    }

    @Test
    void topKeepsTheLabelsWithTheMostEventsThenByNameAndCountsAllOfThem() {
        MetricBuckets buckets = new MetricBuckets(0, 1_000, 1);
        for (String label : List.of("x", "y", "y", "z", "z", "z", "w")) {
            buckets.add(new MetricEvent(label, 1, 10));
        }

        assertThat(buckets.top(3)).extracting(LabelSeries::label).containsExactly("z", "y", "w");
        assertThat(buckets.top(10)).extracting(LabelSeries::label).containsExactly("z", "y", "w", "x");
        assertThat(buckets.labelCount()).isEqualTo(4);
    }

    @Test
    void labelsDoNotShareCells() {
        MetricBuckets buckets = new MetricBuckets(0, 10, 2);
        buckets.add(new MetricEvent("a", 1, 5));
        buckets.add(new MetricEvent("b", 100, 5));
        buckets.add(new MetricEvent("b", 300, 15));

        List<LabelSeries> top = buckets.top(8);
        assertThat(top.get(0).label()).isEqualTo("b");
        assertThat(top.get(0).avgs()).containsExactly(100.0, 300.0);
        assertThat(top.get(1).label()).isEqualTo("a");
        assertThat(top.get(1).avgs()).containsExactly(1.0, null);
    }

    @Test
    void nothingAddedGivesNoSeries() {
        MetricBuckets buckets = new MetricBuckets(0, 10, 2);

        assertThat(buckets.top(8)).isEmpty();
        assertThat(buckets.labelCount()).isZero();
    }

    @Test
    void stepAndBucketCountMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MetricBuckets(0, 0, 1)).withMessageContaining("step");
        assertThatIllegalArgumentException().isThrownBy(() -> new MetricBuckets(0, 10, 0))
                .withMessageContaining("buckets");
    }
}
