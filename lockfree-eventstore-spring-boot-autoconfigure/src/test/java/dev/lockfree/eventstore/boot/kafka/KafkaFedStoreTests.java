package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaFedStoreTests {

    private static final Instant FROM = Instant.ofEpochMilli(0);
    private static final Instant TO = Instant.ofEpochMilli(10_000);

    private static SortedSet<Integer> set(Integer... partitions) {
        return new TreeSet<>(Set.of(partitions));
    }

    @Test
    void answersForTheRequestedPartitionsItHoldsAndNamesTheRestMissing() {
        EventStore<MetricEvent> store = ClusterStores.store();
        store.tryAppend(new MetricEvent("m", 3, 1_500), 1);
        store.tryAppend(new MetricEvent("m", 9, 2_500), 2);
        store.tryAppend(new MetricEvent("m", 7, 2_500), 4); // held, not requested
        KafkaFedStore fed = ClusterStores.fed(KafkaFeedMode.SHARD, store, ClusterStores.held(1, 2, 4));

        ClusterAggregate answer = fed.aggregateHeld(Instant.ofEpochMilli(1_200), TO, set(1, 2, 3));

        assertThat(answer.partitions()).containsExactly(1, 2);
        assertThat(answer.missingPartitions()).containsExactly(3);
        assertThat(answer.aggregate().count()).isEqualTo(2);
        assertThat(answer.aggregate().sum()).isEqualTo(12);
        assertThat(answer.aggregate().min()).isEqualTo(3);
        assertThat(answer.aggregate().max()).isEqualTo(9);
        assertThat(answer.aggregate().from()).as("bucket-aligned").isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void aPartitionThatLeavesWhileBeingReadIsMissingNotEmpty() {
        EventStore<MetricEvent> store = ClusterStores.store();
        store.tryAppend(new MetricEvent("m", 3, 1_500), 1);
        store.tryAppend(new MetricEvent("m", 9, 2_500), 2);
        // before the read: 1 and 2 held; after it: 2 was revoked (and the retry sees only 1)
        Deque<SortedSet<Integer>> answers = new ArrayDeque<>();
        answers.add(set(1, 2));
        answers.add(set(1));
        KafkaFedStore fed = new KafkaFedStore("orders", "t", "g", KafkaFeedMode.SHARD, store,
                () -> answers.size() > 1 ? answers.poll() : answers.peek());

        ClusterAggregate answer = fed.aggregateHeld(FROM, TO, set(1, 2));

        assertThat(answer.partitions()).containsExactly(1);
        assertThat(answer.missingPartitions()).containsExactly(2);
        assertThat(answer.aggregate().sum()).isEqualTo(3);
    }

    @Test
    void nothingHeldIsAnEmptyAggregateOverTheRangeAsGiven() {
        KafkaFedStore fed = ClusterStores.fed(KafkaFeedMode.SHARD, ClusterStores.store(), ClusterStores.held());
        ClusterAggregate answer = fed.aggregateHeld(FROM, TO, fed.allPartitions());
        assertThat(answer.aggregate().isEmpty()).isTrue();
        assertThat(answer.aggregate().from()).isEqualTo(FROM);
        assertThat(answer.partitions()).isEmpty();
        assertThat(answer.missingPartitions()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aPartitionOutsideTheStoreIsNamed() {
        KafkaFedStore fed = ClusterStores.fed(KafkaFeedMode.SHARD, ClusterStores.store(), ClusterStores.held(0));
        assertThatThrownBy(() -> fed.aggregateHeld(FROM, TO, set(6)))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("partition 6")
                .hasMessageContaining("store 'orders'");
    }
}
