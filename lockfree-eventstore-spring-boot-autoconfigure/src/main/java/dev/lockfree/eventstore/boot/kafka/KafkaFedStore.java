package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the cluster query needs to know of one store fed by a Kafka topic, as plain values: whoever consumes the
 * topic (the Kafka wiring) creates one per store, and {@link EventStoreCluster} and the window endpoint read it.
 *
 * @param name           the store's name, as in {@code eventstore.stores.<name>} and in member client ids
 * @param topic          the topic whose partition i feeds store partition i
 * @param groupId        the consumer group of the store's consumers (in {@link KafkaFeedMode#REPLICA} mode this instance's
 *                       own group, which is never asked)
 * @param mode           whether the group splits the topic or every instance reads all of it
 * @param store          the local store
 * @param heldPartitions the partitions this instance holds now (assigned and caught up with their
 *                       replay), e.g. {@code KafkaStoreBinding::heldPartitions}; called on every query
 */
public record KafkaFedStore(String name, String topic, String groupId, KafkaFeedMode mode, EventStore<?> store,
                            Supplier<? extends SortedSet<Integer>> heldPartitions) {

    public KafkaFedStore {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(heldPartitions, "heldPartitions");
    }

    /**
     * The aggregate of the {@code requested} partitions this instance holds; the others are missing. A partition
     * counts as held only if it was held both before and after its buckets were read: one revoked (emptied) or
     * assigned (still restoring) meanwhile is reported missing rather than counted as empty or partial. When no
     * partition is included the range is {@code [from, to)} as given, otherwise it is bucket-aligned.
     *
     * @throws IndexOutOfBoundsException naming the partition when one is outside the store
     * @throws IllegalStateException     when the store keeps no time windows
     */
    public ClusterAggregate aggregateHeld(Instant from, Instant to, SortedSet<Integer> requested) {
        for (Integer p : requested) {
            if (p < 0 || p >= store.partitions()) {
                throw new IndexOutOfBoundsException("partition " + p + " is out of range [0, " + store.partitions()
                        + ") of store '" + name + "'");
            }
        }
        SortedSet<Integer> before = heldPartitions.get();
        WindowAggregate total = WindowAggregate.empty(from, to);
        SortedSet<Integer> read = new TreeSet<>();
        for (Integer p : requested) {
            if (before.contains(p)) {
                WindowAggregate partition = store.windowAggregate(p, from, to);
                total = total.merge(partition);
                read.add(p);
            }
        }
        SortedSet<Integer> after = heldPartitions.get();
        if (!after.containsAll(read)) {
            // a partition left while we read it: start again without the ones that left (bounded: each retry
            // drops at least one partition)
            SortedSet<Integer> stillHeld = new TreeSet<>(read);
            stillHeld.retainAll(after);
            ClusterAggregate retry = aggregateHeld(from, to, stillHeld);
            SortedSet<Integer> missing = new TreeSet<>(requested);
            missing.removeAll(retry.partitions());
            return new ClusterAggregate(retry.aggregate(), retry.partitions(), missing);
        }
        SortedSet<Integer> missing = new TreeSet<>(requested);
        missing.removeAll(read);
        return new ClusterAggregate(total, read, missing);
    }

    /** Every partition of the store, {@code 0 .. partitions - 1}. */
    public SortedSet<Integer> allPartitions() {
        SortedSet<Integer> all = new TreeSet<>();
        for (int p = 0; p < store.partitions(); p++) {
            all.add(p);
        }
        return all;
    }
}
