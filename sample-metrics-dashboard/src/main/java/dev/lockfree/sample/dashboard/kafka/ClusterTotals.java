package dev.lockfree.sample.dashboard.kafka;

import java.time.Instant;
import java.util.List;

import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.boot.kafka.ClusterAggregate;

/**
 * A Kafka-fed store's totals over the whole topic, as one instance could gather them: its own partitions and
 * those its peers answered for. {@code missingPartitions} names what is not in {@code count} and {@code sum}
 * (no owner now, or the owner did not answer in time), so a smaller total is never mistaken for an exact one.
 *
 * @param store             the store
 * @param count             events in the included partitions' buckets
 * @param sum               their value sum
 * @param min               smallest value, {@code null} when {@code count} is 0
 * @param max               largest value, {@code null} when {@code count} is 0
 * @param partitions        the partitions included
 * @param missingPartitions the partitions not included
 * @param complete          whether every partition is included
 * @param from              start of the buckets covered
 * @param to                end (exclusive) of the buckets covered
 */
public record ClusterTotals(String store, long count, double sum, Double min, Double max, List<Integer> partitions,
                            List<Integer> missingPartitions, boolean complete, Instant from, Instant to) {

    static ClusterTotals of(String store, ClusterAggregate cluster) {
        WindowAggregate a = cluster.aggregate();
        boolean any = a.count() > 0;
        return new ClusterTotals(store, a.count(), a.sum(), any ? a.min() : null, any ? a.max() : null,
                List.copyOf(cluster.partitions()), List.copyOf(cluster.missingPartitions()), cluster.complete(),
                a.from(), a.to());
    }
}
