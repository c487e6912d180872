package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owner discovery and the cluster query against a real broker (EmbeddedKafkaKraftBroker, one per class, loopback
 * only): plain {@link KafkaConsumer}s join a group with client ids from {@link MemberAddress}, and the owners Kafka
 * names are exactly their assignments; a second instance answers over HTTP from a Boot application, and once its
 * web server is stopped (its consumer still in the group) its partitions are missing.
 */
class EventStoreClusterKafkaTests {

    private static final int PARTITIONS = ClusterStores.PARTITIONS;
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;
    private static Admin admin;
    private static final String TOPIC = "orders-topic";

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
        assertThat(bootstrap).as("loopback only").matches("(localhost|127\\.0\\.0\\.1):\\d+");
        broker.addTopics(new NewTopic(TOPIC, PARTITIONS, (short) 1));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        // a new topic's partitions get their leaders a little after the creation returns
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get().get(TOPIC).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static String group(TestInfo info) {
        return "g" + GROUPS.incrementAndGet() + "-" + info.getTestMethod().orElseThrow().getName();
    }

    /** A member subscribed to the topic whose partitions (as its rebalance listener heard them) land in {@code held}. */
    private KafkaConsumer<byte[], byte[]> member(String group, String clientId,
                                                 AtomicReference<SortedSet<Integer>> held) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        closeables.add(consumer::close);
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                update(partitions, false);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                update(partitions, true);
            }

            private void update(Collection<TopicPartition> partitions, boolean add) {
                SortedSet<Integer> next = new TreeSet<>(held.get());
                partitions.forEach(tp -> {
                    if (add) {
                        next.add(tp.partition());
                    }
                    else {
                        next.remove(tp.partition());
                    }
                });
                held.set(next);
            }
        });
        return consumer;
    }

    /** Polls every member (each from this thread, as a consumer requires) until the condition holds. */
    @SafeVarargs
    private static void pollUntil(BooleanSupplier condition, KafkaConsumer<byte[], byte[]>... members) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (KafkaConsumer<byte[], byte[]> member : members) {
                member.poll(Duration.ofMillis(50));
            }
            return condition.getAsBoolean();
        });
    }

    private static SortedMap<Integer, URI> ownersOf(Map<URI, AtomicReference<SortedSet<Integer>>> held) {
        SortedMap<Integer, URI> owners = new TreeMap<>();
        held.forEach((uri, partitions) -> partitions.get().forEach(p -> owners.put(p, uri)));
        return owners;
    }

    @Test
    void theOwnersAreExactlyTheMembersAssignments(TestInfo info) {
        String group = group(info);
        URI a = URI.create("http://127.0.0.1:1001");
        URI b = URI.create("http://127.0.0.1:1002/view");
        AtomicReference<SortedSet<Integer>> heldA = ClusterStores.held();
        AtomicReference<SortedSet<Integer>> heldB = ClusterStores.held();
        AtomicReference<SortedSet<Integer>> heldOther = ClusterStores.held();
        KafkaConsumer<byte[], byte[]> memberA = member(group, MemberAddress.clientIdPrefix("orders", a) + "-0", heldA);
        KafkaConsumer<byte[], byte[]> memberB = member(group, MemberAddress.clientIdPrefix("orders", b) + "-1", heldB);
        // a member of the group that is not a consumer of this store: what it owns has no address
        KafkaConsumer<byte[], byte[]> other = member(group, "reporting-job", heldOther);
        AdminPartitionOwners owners = AdminPartitionOwners.using(admin);

        pollUntil(() -> heldA.get().size() + heldB.get().size() + heldOther.get().size() == PARTITIONS
                && !heldA.get().isEmpty() && !heldB.get().isEmpty() && !heldOther.get().isEmpty()
                && owners.owners(group, TOPIC, "orders", Duration.ofSeconds(5))
                        .equals(ownersOf(Map.of(a, heldA, b, heldB))), memberA, memberB, other);

        SortedMap<Integer, URI> found = owners.owners(group, TOPIC, "orders", Duration.ofSeconds(5));
        assertThat(found).isEqualTo(ownersOf(Map.of(a, heldA, b, heldB)));
        assertThat(found.keySet()).doesNotContainAnyElementsOf(heldOther.get());
        assertThat(owners.owners(group, TOPIC, "payments", Duration.ofSeconds(5))).as("another store's view").isEmpty();
        assertThat(owners.owners(group, "other-topic", "orders", Duration.ofSeconds(5))).isEmpty();

        // B leaves: the group rebalances and Kafka names A (and the other member) for everything
        memberB.close();
        pollUntil(() -> heldA.get().size() + heldOther.get().size() == PARTITIONS
                && owners.owners(group, TOPIC, "orders", Duration.ofSeconds(5))
                        .equals(ownersOf(Map.of(a, heldA))), memberA, other);
        assertThat(owners.owners(group, TOPIC, "orders", Duration.ofSeconds(5)).values()).containsOnly(a);
    }

    /** Instance B of the application: the window endpoint over its share of the store. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class InstanceB {

        static final AtomicReference<SortedSet<Integer>> HELD = ClusterStores.held();
        static final EventStore<MetricEvent> STORE = ClusterStores.store();

        @Bean
        KafkaFedStore ordersFed() {
            return ClusterStores.fed(KafkaFeedMode.SHARD, STORE, HELD);
        }
    }

    @Test
    void theClusterEqualsOneStoreAndAStoppedOwnersPartitionsAreMissing(TestInfo info) {
        long seed = System.nanoTime();
        System.out.println("EventStoreClusterKafkaTests seed=" + seed);
        Random random = new Random(seed);
        String group = group(info);
        ConfigurableApplicationContext instanceB = new SpringApplicationBuilder(InstanceB.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=eventstorewindow")
                .run();
        closeables.add(instanceB::close);
        int port = ((WebServerApplicationContext) instanceB).getWebServer().getPort();
        URI b = URI.create("http://127.0.0.1:" + port);
        URI a = URI.create("http://127.0.0.1:1"); // never called: A answers for itself
        AtomicReference<SortedSet<Integer>> heldA = ClusterStores.held();
        EventStore<MetricEvent> storeA = ClusterStores.store();
        KafkaConsumer<byte[], byte[]> memberA = member(group, MemberAddress.clientIdPrefix("orders", a) + "-0", heldA);
        KafkaConsumer<byte[], byte[]> memberB = member(group, MemberAddress.clientIdPrefix("orders", b) + "-0",
                InstanceB.HELD);
        AdminPartitionOwners owners = AdminPartitionOwners.using(admin);
        pollUntil(() -> heldA.get().size() + InstanceB.HELD.get().size() == PARTITIONS
                && !heldA.get().isEmpty() && !InstanceB.HELD.get().isEmpty()
                && owners.owners(group, TOPIC, "orders", Duration.ofSeconds(5))
                        .equals(ownersOf(Map.of(a, heldA, b, InstanceB.HELD))), memberA, memberB);

        // each partition's events go to its owner's store (as the Kafka binding would put them); the reference
        // store gets them all
        EventStore<MetricEvent> reference = ClusterStores.store();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 2_000; i++) {
            int p = random.nextInt(PARTITIONS);
            MetricEvent e = new MetricEvent("m", random.nextInt(2_001) - 1_000, now - random.nextInt(120_000));
            EventStore<MetricEvent> owner = heldA.get().contains(p) ? storeA : InstanceB.STORE;
            assertThat(owner.tryAppend(e, p)).isTrue();
            assertThat(reference.tryAppend(e, p)).isTrue();
        }
        HttpOwnerClient client = new HttpOwnerClient(HttpClient.newHttpClient(), JsonMapper.builder().build(),
                "/actuator/eventstorewindow", UnaryOperator.identity());
        EventStoreCluster cluster = new EventStoreCluster(List.of(ClusterStores.fed(KafkaFeedMode.SHARD, storeA,
                heldA, group)), owners, client, Duration.ofSeconds(2));
        Instant from = Instant.ofEpochMilli(now - 90_000);
        Instant to = Instant.ofEpochMilli(now + 1);

        ClusterAggregate all = cluster.windowAggregate("orders", from, to);
        assertThat(all.aggregate()).isEqualTo(reference.windowAggregate(from, to));
        assertThat(all.partitions()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(all.missingPartitions()).isEmpty();
        assertThat(cluster.windowAggregate("orders", Duration.ofMinutes(5)).aggregate().count())
                .isEqualTo(reference.windowAggregate(Duration.ofMinutes(5)).count());

        // B's web server stops; its consumer is still in the group, so Kafka still names it the owner
        SortedSet<Integer> ofB = new TreeSet<>(InstanceB.HELD.get());
        instanceB.close();
        ClusterAggregate withoutB = cluster.windowAggregate("orders", from, to);
        assertThat(withoutB.missingPartitions()).isEqualTo(ofB);
        assertThat(withoutB.partitions()).isEqualTo(heldA.get());
        assertThat(withoutB.aggregate()).isEqualTo(ClusterStores.fed(KafkaFeedMode.SHARD, storeA, heldA)
                .aggregateHeld(from, to, heldA.get()).aggregate());
        assertThat(withoutB.aggregate().count()).isLessThan(all.aggregate().count());
    }
}
