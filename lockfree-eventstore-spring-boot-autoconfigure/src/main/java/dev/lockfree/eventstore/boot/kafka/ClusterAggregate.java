package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.WindowAggregate;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A window aggregate over the partitions of a Kafka-fed store that could be reached, and the ones that could not.
 *
 * <p>{@code partitions} and {@code missingPartitions} are disjoint and together name every partition of the store.
 * A partition is missing when nobody owns it now, or its owner did not answer in time or answered with an error: the
 * aggregate then covers fewer partitions, and says so, rather than being a silently smaller total.
 *
 * @param aggregate         the merge of the included partitions' aggregates
 * @param partitions        the partitions included in {@code aggregate}
 * @param missingPartitions the partitions not included
 */
public record ClusterAggregate(WindowAggregate aggregate, SortedSet<Integer> partitions,
                               SortedSet<Integer> missingPartitions) {

    public ClusterAggregate {
        Objects.requireNonNull(aggregate, "aggregate");
        partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
        missingPartitions = Collections.unmodifiableSortedSet(new TreeSet<>(missingPartitions));
        for (Integer p : partitions) {
            if (missingPartitions.contains(p)) {
                throw new IllegalArgumentException("partition " + p + " cannot be both included and missing");
            }
        }
    }

    /** Whether every partition of the store is included. */
    public boolean complete() {
        return missingPartitions.isEmpty();
    }
}
