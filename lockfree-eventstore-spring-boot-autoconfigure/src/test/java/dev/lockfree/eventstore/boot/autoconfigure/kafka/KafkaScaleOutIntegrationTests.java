package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpoint;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptor;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.kafka.ClusterAggregate;
import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.eventstore.kafka.PublishResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application (two full Boot contexts with their web servers on random ports) in one
 * consumer group, on a real broker: the partitions split, each partition lives on exactly one instance and holds
 * exactly what its topic partition holds; a closed instance's partitions move to the other, and back after a
 * restart, with snapshots carrying them across.
 */
class KafkaScaleOutIntegrationTests {

    private static final int PARTITIONS = 4;

    private static TestBroker broker;

    @TempDir
    java.nio.file.Path snapshots;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @BeforeAll
    static void startBroker() {
        broker = new TestBroker();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String topic, String instance, String... more) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1",
                        "spring.application.name=scale",
                        "spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                        "management.endpoints.web.exposure.include=eventstore,eventstorewindow,health",
                        "eventstore.stores.orders.window.size=10m",
                        "eventstore.stores.orders.window.bucket-width=1s",
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.partitions=" + PARTITIONS,
                        "eventstore.stores.orders.capacity-per-partition=100000",
                        "eventstore.stores.orders.key-property=customerId",
                        "eventstore.stores.orders.timestamp-property=createdAt",
                        "eventstore.stores.orders.value-property=amount",
                        "eventstore.stores.orders.kafka.topic=" + topic,
                        "eventstore.snapshot.enabled=true",
                        "eventstore.snapshot.directory=" + snapshots.resolve(instance),
                        "eventstore.snapshot.interval=1s")
                .properties(more)
                .run();
        contexts.add(context);
        return context;
    }

    private static EventStore<OrderEvent> store(ConfigurableApplicationContext context) {
        return context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
    }

    @SuppressWarnings("unchecked")
    private static KafkaStoreFeed<OrderEvent> feed(ConfigurableApplicationContext context) {
        return context.getBean("ordersKafkaFeed", KafkaStoreFeed.class);
    }

    @Test
    void twoInstancesSplitTheTopicHandItOverOnCloseAndTakeItBackOnRestart() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("KafkaScaleOutIntegrationTests seed " + seed);
        Random random = new Random(seed);
        String topic = broker.newTopic("scale", PARTITIONS);
        ConfigurableApplicationContext a = start(topic, "a");
        ConfigurableApplicationContext b = start(topic, "b");
        Map<Integer, Set<Double>> produced = publish(a, 0, 2000, random);
        awaitSplitAndExact(List.of(a, b), produced);

        // the actuator section of each instance names its share, and together they cover the topic
        Set<Integer> sections = new TreeSet<>();
        for (ConfigurableApplicationContext c : List.of(a, b)) {
            KafkaDescriptor kafka = c.getBean(EventStoreEndpoint.class).store("orders").kafka();
            assertThat(kafka).isNotNull();
            assertThat(kafka.group()).isEqualTo("scale-orders");
            assertThat(kafka.assignedPartitions()).isNotEmpty();
            sections.addAll(kafka.assignedPartitions());
        }
        assertThat(sections).containsExactly(0, 1, 2, 3);

        // any instance answers for the whole topic, asking the other over HTTP; so does a gateway that only
        // publishes (consume=false: it joins no group, holds nothing, and is asked by nobody)
        ConfigurableApplicationContext gateway = start(topic, "gateway", "eventstore.stores.orders.kafka.consume=false");
        assertThat(feed(gateway).binding()).as("a publishing-only instance has no binding").isEmpty();
        Map<Integer, Set<Double>> viaGateway = publish(gateway, 100_000, 200, random);
        produced = merge(produced, viaGateway);
        awaitSplitAndExact(List.of(a, b), produced);
        for (ConfigurableApplicationContext c : List.of(a, b, gateway)) {
            assertClusterExact(c, produced);
        }
        gateway.close();
        contexts.remove(gateway);

        b.close();
        contexts.remove(b);
        produced = merge(produced, publish(a, 2000, 500, random));
        awaitSplitAndExact(List.of(a), produced);
        assertClusterExact(a, produced);

        ConfigurableApplicationContext b2 = start(topic, "b");
        produced = merge(produced, publish(b2, 2500, 500, random));
        awaitSplitAndExact(List.of(a, b2), produced);
        assertThat(feed(b2).binding().orElseThrow().assignedPartitions()).as("the group rebalanced").isNotEmpty();
    }

    /** The cluster query on {@code context} covers every partition and equals brute force over what was published. */
    private static void assertClusterExact(ConfigurableApplicationContext context, Map<Integer, Set<Double>> produced) {
        EventStoreCluster cluster = context.getBean(EventStoreCluster.class);
        ClusterAggregate all = cluster.windowAggregate("orders", Duration.ofMinutes(5));
        assertThat(all.missingPartitions()).as("nothing missing").isEmpty();
        assertThat(all.partitions()).containsExactly(0, 1, 2, 3);
        List<Double> values = produced.values().stream().flatMap(Set::stream).toList();
        assertThat(all.aggregate().count()).isEqualTo(values.size());
        assertThat(all.aggregate().sum()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).sum());
        assertThat(all.aggregate().min()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(all.aggregate().max()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    /** Publishes n orders with amounts first..first+n-1 (unique, so duplicates show); returns them by partition. */
    private static Map<Integer, Set<Double>> publish(ConfigurableApplicationContext context, int first, int n,
                                                     Random random) throws Exception {
        @SuppressWarnings("unchecked")
        EventStorePublisher<OrderEvent> publisher = context.getBean("ordersEventPublisher", EventStorePublisher.class);
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            sent.add(publisher.publish(new OrderEvent("customer-" + random.nextInt(50), i, Instant.now())));
            amounts.add((double) i);
        }
        Map<Integer, Set<Double>> byPartition = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            byPartition.computeIfAbsent(sent.get(i).get().partition(), p -> new HashSet<>()).add(amounts.get(i));
        }
        return byPartition;
    }

    private static Map<Integer, Set<Double>> merge(Map<Integer, Set<Double>> x, Map<Integer, Set<Double>> y) {
        Map<Integer, Set<Double>> all = new HashMap<>();
        x.forEach((p, s) -> all.computeIfAbsent(p, k -> new HashSet<>()).addAll(s));
        y.forEach((p, s) -> all.computeIfAbsent(p, k -> new HashSet<>()).addAll(s));
        return all;
    }

    /**
     * Within 60 s: every partition is held by exactly one instance, which holds exactly the orders published to it
     * (none missing, none twice), and the others hold none of it.
     */
    private static void awaitSplitAndExact(List<ConfigurableApplicationContext> instances,
                                           Map<Integer, Set<Double>> produced) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<Integer> owned = new TreeSet<>();
            for (ConfigurableApplicationContext c : instances) {
                Set<Integer> mine = feed(c).binding().orElseThrow().assignedPartitions();
                assertThat(mine).as("every instance holds a share").isNotEmpty();
                assertThat(java.util.Collections.disjoint(owned, mine)).as("no partition on two instances: %s and %s",
                        owned, mine).isTrue();
                owned.addAll(mine);
                EventStore<OrderEvent> store = store(c);
                for (int p = 0; p < PARTITIONS; p++) {
                    List<Double> held = store.copyPartition(p).stream().map(OrderEvent::amount).toList();
                    if (mine.contains(p)) {
                        assertThat(held).as("partition %d: no duplicate", p).doesNotHaveDuplicates();
                        assertThat(new HashSet<>(held)).as("partition %d: exact", p)
                                .isEqualTo(produced.getOrDefault(p, Set.of()));
                    } else {
                        assertThat(held).as("partition %d is not held here", p).isEmpty();
                    }
                }
            }
            assertThat(owned).containsExactly(0, 1, 2, 3);
            long total = instances.stream().mapToLong(c -> store(c).count()).sum();
            assertThat(total).isEqualTo(produced.values().stream().mapToLong(Set::size).sum());
        });
    }
}
