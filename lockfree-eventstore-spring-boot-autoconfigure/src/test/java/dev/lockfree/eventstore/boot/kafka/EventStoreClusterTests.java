package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.WindowAggregate;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static dev.lockfree.eventstore.boot.kafka.ClusterStores.PARTITIONS;
import static dev.lockfree.eventstore.boot.kafka.ClusterStores.fed;
import static dev.lockfree.eventstore.boot.kafka.ClusterStores.held;
import static dev.lockfree.eventstore.boot.kafka.ClusterStores.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link EventStoreCluster} with fake owners: instances are separate stores in this JVM, asked through an
 * {@link OwnerClient} that calls their {@link KafkaFedStore#aggregateHeld} (or fails, or never answers).
 */
class EventStoreClusterTests {

    private static final URI A = URI.create("http://127.0.0.1:1001");
    private static final URI B = URI.create("http://127.0.0.1:1002");
    private static final URI C = URI.create("http://127.0.0.1:1003");
    private static final Instant FROM = Instant.ofEpochMilli(0);
    private static final Instant TO = Instant.ofEpochMilli(100_000);

    /** Owners by partition, as a fixed map; counts the calls. */
    private static final class FixedOwners implements PartitionOwners {
        final SortedMap<Integer, URI> owners = new TreeMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public SortedMap<Integer, URI> owners(String groupId, String topic, String store, Duration timeout) {
            calls.incrementAndGet();
            assertThat(groupId).isEqualTo("orders-view");
            assertThat(topic).isEqualTo("orders-topic");
            assertThat(store).isEqualTo("orders");
            return new TreeMap<>(owners);
        }
    }

    /** Remote instances in this JVM, by address; an address may instead fail or hang. */
    private static final class FakeClient implements OwnerClient {
        final Map<URI, KafkaFedStore> instances = new HashMap<>();
        final Set<URI> failing = ConcurrentHashMap.newKeySet();
        final Set<URI> hanging = ConcurrentHashMap.newKeySet();
        final Map<URI, SortedSet<Integer>> asked = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<ClusterAggregate> windowAggregate(URI owner, String store, Instant from, Instant to,
                                                                   SortedSet<Integer> partitions, Duration timeout) {
            asked.put(owner, partitions);
            if (hanging.contains(owner)) {
                return new CompletableFuture<>();
            }
            if (failing.contains(owner)) {
                return CompletableFuture.failedFuture(new IllegalStateException("owner " + owner + " answered 503"));
            }
            return CompletableFuture.supplyAsync(() -> instances.get(owner).aggregateHeld(from, to, partitions));
        }
    }

    private final FixedOwners owners = new FixedOwners();
    private final FakeClient client = new FakeClient();

    private static void append(EventStore<MetricEvent> store, int partition, double value, long timestamp) {
        assertThat(store.tryAppend(new MetricEvent("m", value, timestamp), partition)).isTrue();
    }

    private EventStoreCluster cluster(KafkaFedStore local, Duration timeout) {
        return new EventStoreCluster(List.of(local), owners, client, timeout);
    }

    @Test
    void replicaModeAnswersLocallyWithoutAskingKafkaOrAnyone() {
        EventStore<MetricEvent> store = store();
        append(store, 0, 5, 1_000);
        append(store, 5, -3, 2_000);
        AtomicReference<SortedSet<Integer>> held = held(0, 1, 2, 3, 4, 5);
        EventStoreCluster cluster = cluster(fed(KafkaFeedMode.REPLICA, store, held), Duration.ofSeconds(1));

        ClusterAggregate result = cluster.windowAggregate("orders", FROM, TO);

        assertThat(result.aggregate()).isEqualTo(store.windowAggregate(FROM, TO));
        assertThat(result.partitions()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(result.missingPartitions()).isEmpty();
        assertThat(owners.calls).hasValue(0);
        assertThat(client.asked).isEmpty();

        held.set(new TreeSet<>(Set.of(0, 1, 2))); // a replica still catching up: the rest is missing, not zero
        ClusterAggregate partial = cluster.windowAggregate("orders", FROM, TO);
        assertThat(partial.partitions()).containsExactly(0, 1, 2);
        assertThat(partial.missingPartitions()).containsExactly(3, 4, 5);
        assertThat(partial.aggregate().count()).isEqualTo(1);
    }

    @Test
    void shardModeMergesTheOwnersAnswersExactlyAsOneStoreAndBruteForce() {
        long seed = System.nanoTime();
        System.out.println("EventStoreClusterTests seed=" + seed);
        Random random = new Random(seed);
        // partitions 0,1 here; 2,3 at B; 4,5 at C
        Map<Integer, EventStore<MetricEvent>> instanceOf = new HashMap<>();
        EventStore<MetricEvent> local = store();
        EventStore<MetricEvent> b = store();
        EventStore<MetricEvent> c = store();
        EventStore<MetricEvent> reference = store();
        for (int p = 0; p < PARTITIONS; p++) {
            instanceOf.put(p, p < 2 ? local : p < 4 ? b : c);
        }
        List<MetricEvent> all = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int p = random.nextInt(PARTITIONS);
            MetricEvent e = new MetricEvent("m", random.nextInt(20_001) - 10_000, random.nextInt(200_000));
            append(instanceOf.get(p), p, e.value(), e.timestamp());
            append(reference, p, e.value(), e.timestamp());
            all.add(e);
        }
        client.instances.put(B, fed(KafkaFeedMode.SHARD, b, held(2, 3)));
        client.instances.put(C, fed(KafkaFeedMode.SHARD, c, held(4, 5)));
        owners.owners.putAll(Map.of(0, A, 1, A, 2, B, 3, B, 4, C, 5, C));
        EventStoreCluster cluster = cluster(fed(KafkaFeedMode.SHARD, local, held(0, 1)), Duration.ofSeconds(5));

        for (int round = 0; round < 20; round++) {
            Instant from = Instant.ofEpochMilli(random.nextInt(200_000));
            Instant to = from.plusMillis(random.nextInt(150_000));
            ClusterAggregate result = cluster.windowAggregate("orders", from, to);
            WindowAggregate expected = reference.windowAggregate(from, to);
            assertThat(result.aggregate()).as("seed %d", seed).isEqualTo(expected);
            assertThat(result.partitions()).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(result.missingPartitions()).isEmpty();
            long count = 0;
            double sum = 0;
            for (MetricEvent e : all) {
                if (e.timestamp() >= expected.from().toEpochMilli() && e.timestamp() < expected.to().toEpochMilli()) {
                    count++;
                    sum += e.value();
                }
            }
            assertThat(result.aggregate().count()).isEqualTo(count);
            assertThat(result.aggregate().sum()).isEqualTo(sum);
        }
        // each partition asked of exactly one owner, and never the local ones
        assertThat(client.asked).containsOnlyKeys(B, C);
        assertThat(client.asked.get(B)).containsExactly(2, 3);
        assertThat(client.asked.get(C)).containsExactly(4, 5);
    }

    @Test
    void anOwnerThatDoesNotAnswerInTimeLeavesItsPartitionsMissing() {
        EventStore<MetricEvent> local = store();
        EventStore<MetricEvent> b = store();
        append(local, 0, 1, 1_000);
        append(b, 2, 10, 1_000);
        client.instances.put(B, fed(KafkaFeedMode.SHARD, b, held(2, 3)));
        client.hanging.add(C);
        owners.owners.putAll(Map.of(2, B, 3, B, 4, C, 5, C));
        EventStoreCluster cluster = cluster(fed(KafkaFeedMode.SHARD, local, held(0, 1)),
                Duration.ofMillis(300));

        long started = System.nanoTime();
        ClusterAggregate result = cluster.windowAggregate("orders", FROM, TO);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.partitions()).containsExactly(0, 1, 2, 3);
        assertThat(result.missingPartitions()).containsExactly(4, 5);
        assertThat(result.aggregate().count()).isEqualTo(2);
        assertThat(result.aggregate().sum()).isEqualTo(11);
        assertThat(result.complete()).isFalse();
        assertThat(tookMillis).as("bounded by the timeout, not by the hanging owner").isLessThan(5_000);
    }

    @Test
    void anOwnerThatFailsOrHasNoOwnerLeavesItsPartitionsMissing() {
        EventStore<MetricEvent> local = store();
        append(local, 1, 4, 1_000);
        client.failing.add(B);
        owners.owners.putAll(Map.of(2, B, 3, B)); // 4 and 5: no owner at all
        EventStoreCluster cluster = cluster(fed(KafkaFeedMode.SHARD, local, held(0, 1)), Duration.ofSeconds(1));

        ClusterAggregate result = cluster.windowAggregate("orders", Duration.ofDays(365_000));

        assertThat(result.partitions()).containsExactly(0, 1);
        assertThat(result.missingPartitions()).containsExactly(2, 3, 4, 5);
        assertThat(result.aggregate().count()).isEqualTo(1);
        assertThat(client.asked).containsOnlyKeys(B);
    }

    @Test
    void anOwnerThatAnswersForPartitionsItWasNotAskedIsDropped() {
        EventStore<MetricEvent> local = store();
        EventStore<MetricEvent> b = store();
        append(local, 0, 1, 1_000);
        append(b, 0, 100, 1_000); // B still holds a stale copy of partition 0
        client.instances.put(B, fed(KafkaFeedMode.SHARD, b, held(0, 2, 3)));
        OwnerClient greedy = (owner, store, from, to, partitions, timeout) ->
                CompletableFuture.completedFuture(client.instances.get(owner).aggregateHeld(from, to,
                        new TreeSet<>(Set.of(0, 1, 2, 3, 4, 5))));
        owners.owners.putAll(Map.of(2, B, 3, B));
        EventStoreCluster cluster = new EventStoreCluster(List.of(fed(KafkaFeedMode.SHARD, local,
                held(0, 1, 4, 5))), owners, greedy, Duration.ofSeconds(1));

        ClusterAggregate result = cluster.windowAggregate("orders", FROM, TO);

        assertThat(result.aggregate().sum()).as("partition 0 counted once").isEqualTo(1);
        assertThat(result.partitions()).containsExactly(0, 1, 4, 5);
        assertThat(result.missingPartitions()).containsExactly(2, 3);
    }

    @Test
    void whenKafkaCannotNameTheOwnersEveryPartitionNotHeldIsMissing() {
        EventStore<MetricEvent> local = store();
        append(local, 0, 2, 1_000);
        PartitionOwners down = (groupId, topic, store, timeout) -> {
            throw new PartitionOwners.PartitionOwnersException("broker gone", null);
        };
        EventStoreCluster cluster = new EventStoreCluster(List.of(fed(KafkaFeedMode.SHARD, local, held(0))),
                down, client, Duration.ofSeconds(1));

        ClusterAggregate result = cluster.windowAggregate("orders", FROM, TO);

        assertThat(result.partitions()).containsExactly(0);
        assertThat(result.missingPartitions()).containsExactly(1, 2, 3, 4, 5);
        assertThat(result.aggregate().sum()).isEqualTo(2);
    }

    @Test
    void anUnknownStoreOrABadRangeIsRefusedNamingIt() {
        EventStoreCluster cluster = cluster(fed(KafkaFeedMode.SHARD, store(), held(0)), Duration.ofSeconds(1));
        assertThatIllegalArgumentException().isThrownBy(() -> cluster.windowAggregate("payments", FROM, TO))
                .withMessageContaining("'payments'").withMessageContaining("[orders]");
        assertThatIllegalArgumentException().isThrownBy(() -> cluster.windowAggregate("orders", TO, FROM))
                .withMessageContaining("must not be after");
        assertThatIllegalArgumentException().isThrownBy(() -> cluster.windowAggregate("orders", Duration.ofSeconds(-1)))
                .withMessageContaining("last must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> new EventStoreCluster(List.of(), owners, client,
                Duration.ZERO)).withMessageContaining("eventstore.kafka.cluster.timeout");
        EventStoreCluster none = new EventStoreCluster(List.of(), owners, client, Duration.ofSeconds(1));
        assertThatIllegalArgumentException().isThrownBy(() -> none.windowAggregate("orders", FROM, TO))
                .withMessageContaining("no store is fed by Kafka");
    }
}
