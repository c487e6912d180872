package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpoint;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptorSource;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaPartitionDescriptor;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.kafka.DeadLetterTopic;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMode;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedSettings;
import dev.lockfree.eventstore.boot.kafka.KafkaReplay;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.boot.kafka.MemberAddress;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.eventstore.kafka.PublishResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Conditions, properties and the single-instance behaviour of the Kafka wiring, on one broker in the JVM. */
class EventStoreKafkaAutoConfigurationTests {

    private static TestBroker broker;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, EventStoreAutoConfiguration.class,
                    EventStoreKafkaAutoConfiguration.class));

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

    private ApplicationContextRunner orders(String topic, String... more) {
        return runner.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                        "spring.application.name=app-" + topic,
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.partitions=3",
                        "eventstore.stores.orders.key-property=customerId",
                        "eventstore.stores.orders.timestamp-property=createdAt",
                        "eventstore.stores.orders.value-property=amount",
                        "eventstore.stores.orders.kafka.topic=" + topic,
                        "eventstore.stores.orders.kafka.replay=earliest")
                .withPropertyValues(more);
    }

    // ------------------------------------------------------------------------------------------------ conditions

    @Test
    void withoutSpringKafkaAStoreWithoutTopicWorksAndNoFeedExists() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
                .withPropertyValues("eventstore.stores.orders.event-type=" + OrderEvent.class.getName())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStoreRegistry.class)
                            .doesNotHaveBean(EventStoreKafkaAutoConfiguration.class)
                            .doesNotHaveBean(KafkaStoreFeed.class);
                    assertThat(context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class)
                            .tryAppend(new OrderEvent("c", 1, Instant.now()))).isTrue();
                });
    }

    @Test
    void withoutSpringKafkaAStoreNamingATopicFailsStartUpNamingTheKeyAndTheStarter() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
                .withPropertyValues("eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.topic=orders")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.stores.orders.kafka.topic is set")
                        .hasMessageContaining("spring-boot-starter-kafka"));
    }

    @Test
    void withoutAStoreNamingATopicTheKafkaWiringIsOff() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.mode=replica")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreKafkaAutoConfiguration.class)
                            .doesNotHaveBean(KafkaStoreFeed.class).doesNotHaveBean(EventStorePublisher.class);
                    assertThat(context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class)
                            .isExternallyFed()).isFalse();
                });
    }

    // ------------------------------------------------------------------------------------------------ properties

    @Test
    void propertiesBindWithTheirDefaults() {
        String topic = broker.newTopic("defaults", 3);
        orders(topic).run(context -> {
            assertThat(context).hasNotFailed();
            KafkaFeedSettings settings = feed(context).settings();
            assertThat(settings).isEqualTo(new KafkaFeedSettings("orders", topic, KafkaFeedMode.SHARD,
                    "app-" + topic + "-orders", KafkaReplay.EARLIEST, null, "eventstore.stores.orders.partitions",
                    Duration.ofSeconds(30), true));
        });
    }

    @Test
    void everyPropertyBinds() {
        String topic = broker.newTopic("all", 3);
        orders(topic, "eventstore.stores.orders.kafka.mode=replica", "eventstore.stores.orders.kafka.group-id=view",
                "eventstore.stores.orders.kafka.replay=latest", "eventstore.stores.orders.kafka.dead-letter-topic=dlt",
                "eventstore.kafka.health-down-after=7s", "eventstore.kafka.advertised-url=http://10.0.0.7:8080")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    KafkaFeedSettings settings = feed(context).settings();
                    assertThat(settings.mode()).isEqualTo(KafkaFeedMode.REPLICA);
                    assertThat(settings.groupId()).as("replica: a group of its own").startsWith("view-")
                            .hasSizeGreaterThan("view-".length() + 30);
                    assertThat(settings.replay()).isEqualTo(KafkaReplay.LATEST);
                    assertThat(settings.deadLetterTopic()).isEqualTo("dlt");
                    assertThat(settings.healthDownAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void badValuesFailStartUpNamingTheKey() {
        assertFailure("eventstore.stores.orders.kafka.topic=has space",
                "eventstore.stores.orders.kafka.topic 'has space' is not a valid Kafka topic name");
        assertFailure("eventstore.stores.orders.kafka.mode=sharded", "eventstore.stores.orders.kafka.mode");
        assertFailure("eventstore.stores.orders.kafka.replay=never", "eventstore.stores.orders.kafka.replay");
        assertFailure("eventstore.kafka.health-down-after=0s",
                "eventstore.kafka.health-down-after must be positive but was PT0S");
        assertFailure("eventstore.kafka.advertised-url=ftp://host", "eventstore.kafka.advertised-url 'ftp://host'");
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.group-id=g")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.stores.orders.kafka.topic must be set: "
                                + "eventstore.stores.orders.kafka.group-id has no effect without it"));
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.topic=t", "eventstore.stores.orders.kafka.dead-letter-topic=t")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.stores.orders.kafka.dead-letter-topic must differ from "
                                + "eventstore.stores.orders.kafka.topic ('t')"));
    }

    private void assertFailure(String property, String message) {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.topic=t", property)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(f -> assertThat(allMessages(f)).contains(message)));
    }

    private static String allMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    // ------------------------------------------------------------------------------------------------ start-up checks

    @Test
    void aMissingTopicFailsStartUpNamingIt() {
        orders("no-such-topic").run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("Topic 'no-such-topic' does not exist")
                .hasMessageContaining("eventstore.stores.orders.partitions=3"));
    }

    @Test
    void aPartitionCountMismatchFailsStartUpNamingTheTopicBothCountsAndTheKey() {
        String topic = broker.newTopic("mismatch", 2);
        orders(topic).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("Topic '" + topic + "' has 2 partitions but the store has 3 "
                        + "(eventstore.stores.orders.partitions=3)"));
    }

    @Test
    void anUnreachableBrokerFailsStartUpNamingTheTopicAndTheConnectionKey() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "spring.kafka.consumer.properties.default.api.timeout.ms=1000",
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.kafka.topic=nowhere")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(f -> assertThat(allMessages(f)).contains("Cannot check topic 'nowhere' of event "
                                + "store 'orders' at start-up").contains("spring.kafka.bootstrap-servers")
                                // the check really asked (and timed out), rather than failing on its own settings
                                .doesNotContain("Failed to create")));
    }

    // ------------------------------------------------------------------------------------------------ behaviour

    @Test
    void aLocalAppendIsRefusedNamingTheStoreAndThePublisher() {
        String topic = broker.newTopic("refused", 3);
        orders(topic).run(context -> {
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            assertThatIllegalStateException().isThrownBy(() -> store.tryAppend(new OrderEvent("c", 1, Instant.now())))
                    .withMessageContaining("orders").withMessageContaining("ordersEventPublisher");
        });
    }

    @Test
    void thePublisherRoundTripsThroughTheTopicAndInjectsByGenericType() {
        String topic = broker.newTopic("roundtrip", 3);
        orders(topic).run(context -> {
            assertThat(context).hasNotFailed();
            ResolvableType type = ResolvableType.forClassWithGenerics(EventStorePublisher.class, OrderEvent.class);
            assertThat(context.getBeanNamesForType(type)).containsExactly("ordersEventPublisher");
            @SuppressWarnings("unchecked")
            EventStorePublisher<OrderEvent> publisher = (EventStorePublisher<OrderEvent>) context.getBeanProvider(type)
                    .getObject();
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            Instant at = Instant.now();
            OrderEvent event = new OrderEvent("alice", 42.5, at);
            PublishResult result = publisher.publish(event).get();
            assertThat(result.topic()).isEqualTo(topic);
            assertThat(result.partition()).isEqualTo(store.partitionFor("alice"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.copyPartition(result.partition()).contains(event));
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.sourcePosition(result.partition(), store.lastSequence(result.partition())))
                    .hasValue(result.offset());
        });
    }

    @Test
    void badRecordsAreSkippedCountedAndSentToTheDeadLetterTopicAndConsumptionGoesOn() {
        String topic = broker.newTopic("poison", 3);
        String dlt = broker.newTopic("poison-dlt", 1);
        orders(topic, "eventstore.stores.orders.kafka.dead-letter-topic=" + dlt).run(context -> {
            assertThat(context).hasNotFailed();
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            try (KafkaProducer<String, byte[]> producer = broker.rawProducer()) {
                producer.send(new ProducerRecord<>(topic, 1, "bob", "not json".getBytes(StandardCharsets.UTF_8)))
                        .get();
                producer.send(new ProducerRecord<>(topic, 1, "bob", null)).get();
                producer.send(new ProducerRecord<>(topic, 1, "bob",
                        "{\"customerId\":\"bob\",\"amount\":3}".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(topic, 1, "bob",
                        ("{\"customerId\":\"bob\",\"amount\":4,\"createdAt\":\"" + Instant.now() + "\"}")
                                .getBytes(StandardCharsets.UTF_8))).get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.partitionSize(1) == 1);
            assertThat(store.copyPartition(1)).extracting(OrderEvent::amount).containsExactly(4.0);

            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("eventStoreKafkaMeterBinder", MeterBinder.class).bindTo(meters);
            assertThat(skipped(meters, "1", "undecodable")).isEqualTo(1);
            assertThat(skipped(meters, "1", "null-value")).isEqualTo(1);
            assertThat(skipped(meters, "1", "missing-timestamp")).isEqualTo(1);
            assertThat(skipped(meters, "0", "undecodable")).isZero();
            assertThat(meters.get("eventstore.kafka.records.consumed").tags("store", "orders", "partition", "1")
                    .functionCounter().count()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("eventstore.kafka.lag")
                    .tags("store", "orders", "partition", "1").gauge().value() == 0);

            List<ConsumerRecord<String, byte[]>> dead = broker.readAll(dlt, 3);
            assertThat(dead).extracting(r -> header(r, DeadLetterTopic.REASON))
                    .containsExactly("undecodable", "null-value", "missing-timestamp");
            assertThat(dead).extracting(r -> header(r, DeadLetterTopic.ORIGINAL_OFFSET)).containsExactly("0", "1", "2");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, DeadLetterTopic.ORIGINAL_TOPIC)).isEqualTo(topic);
                assertThat(header(r, DeadLetterTopic.ORIGINAL_PARTITION)).isEqualTo("1");
                assertThat(r.key()).isEqualTo("bob");
            });
            assertThat(dead.get(0).value()).asString(StandardCharsets.UTF_8).isEqualTo("not json");
            assertThat(dead.get(1).value()).isNull();
        });
    }

    /** No record ever reaches the listener of an empty topic: the idle consumer still reports the lag (0, not unknown). */
    @Test
    void partitionsWithoutRecordsReportTheirLag() {
        String topic = broker.newTopic("idle", 3);
        orders(topic).run(context -> {
            assertThat(context).hasNotFailed();
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("eventStoreKafkaMeterBinder", MeterBinder.class).bindTo(meters);
            KafkaStoreFeed<?> feed = context.getBean(KafkaStoreFeed.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(feed.binding()).hasValueSatisfying(b -> assertThat(b.heldPartitions()).containsExactly(0, 1, 2));
                for (String partition : List.of("0", "1", "2")) {
                    assertThat(meters.get("eventstore.kafka.lag").tags("store", "orders", "partition", partition)
                            .gauge().value()).as("lag of partition %s", partition).isZero();
                }
            });
        });
    }

    private static double skipped(MeterRegistry meters, String partition, String reason) {
        return meters.get("eventstore.kafka.records.skipped")
                .tags("store", "orders", "partition", partition, "reason", reason).functionCounter().count();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theEndpointAndTheHealthDescribeTheFeed() {
        String topic = broker.newTopic("describe", 3);
        orders(topic, "eventstore.kafka.advertised-url=http://127.0.0.1:9999").run(context -> {
            assertThat(context).hasNotFailed();
            EventStorePublisher<OrderEvent> publisher = publisher(context);
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            for (int i = 0; i < 30; i++) {
                publisher.publish(new OrderEvent("c" + i, i, Instant.now())).get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.count() == 30);
            EventStoreEndpoint endpoint = new EventStoreEndpoint(context.getBean(EventStoreRegistry.class), null,
                    context.getBean(KafkaDescriptorSource.class));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                KafkaDescriptor kafka = endpoint.store("orders").kafka();
                assertThat(kafka).isNotNull();
                assertThat(kafka.topic()).isEqualTo(topic);
                assertThat(kafka.mode()).isEqualTo("shard");
                assertThat(kafka.group()).isEqualTo("app-" + topic + "-orders");
                assertThat(kafka.assignedPartitions()).containsExactly(0, 1, 2);
                assertThat(kafka.partitions()).hasSize(3).allSatisfy(p -> {
                    assertThat(p.assigned()).isTrue();
                    assertThat(p.lag()).isZero();
                    assertThat(p.lastOffset()).isEqualTo(p.consumed() - 1);
                    assertThat(p.skipped()).isEmpty();
                });
                assertThat(kafka.partitions().stream().mapToLong(KafkaPartitionDescriptor::consumed).sum())
                        .isEqualTo(30);
            });
            HealthIndicator health = (HealthIndicator) context.getBean("eventstoreKafkaHealthContributor",
                    CompositeHealthContributor.class).getContributor("orders");
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("topic", topic)
                    .containsEntry("assignedPartitions", java.util.Set.of(0, 1, 2));
            // the group's membership carries the advertised address in the client id: the only directory of owners
            String group = "app-" + topic + "-orders";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                List<String> clientIds = admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                        .members().stream().map(MemberDescription::clientId).toList();
                assertThat(clientIds).hasSize(1);
                assertThat(MemberAddress.baseUrl(clientIds.get(0), "orders"))
                        .hasValue(URI.create("http://127.0.0.1:9999"));
            }
        });
    }

    /** Replica mode: each instance joins a group of its own, so each reads and holds every partition. */
    @Test
    void inReplicaModeEveryInstanceHoldsEveryPartition() {
        String topic = broker.newTopic("replica", 3);
        ApplicationContextRunner replica = orders(topic, "eventstore.stores.orders.kafka.mode=replica");
        replica.run(first -> replica.run(second -> {
            assertThat(feed(first).settings().groupId()).isNotEqualTo(feed(second).settings().groupId())
                    .startsWith("app-" + topic + "-orders-");
            for (int i = 0; i < 40; i++) {
                publisher(first).publish(new OrderEvent("c" + i, i, Instant.now())).get();
            }
            for (AssertableApplicationContext context : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> feed(context).store().count() == 40);
                assertThat(feed(context).binding().orElseThrow().assignedPartitions()).containsExactly(0, 1, 2);
            }
        }));
    }

    /**
     * A Kafka-fed store with a value property and no timestamp property takes each event's timestamp from its
     * record: records produced with explicit timestamps (the events carry none) land in the window at theirs, and
     * after the context closes and starts again with snapshots on (restore, then seek past the snapshot), the window
     * is still exact.
     */
    @Test
    void withoutATimestampPropertyTheWindowGoesByTheRecordTimestampsAlsoAfterARestart(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path snapshots) {
        long seed = System.nanoTime();
        System.out.println("withoutATimestampPropertyTheWindowGoesByTheRecordTimestampsAlsoAfterARestart seed=" + seed);
        java.util.Random random = new java.util.Random(seed);
        String topic = broker.newTopic("recordtime", 3);
        ApplicationContextRunner app = runner.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                "spring.application.name=app-" + topic,
                "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                "eventstore.stores.orders.partitions=3",
                "eventstore.stores.orders.key-property=customerId",
                "eventstore.stores.orders.value-property=amount",
                "eventstore.stores.orders.kafka.topic=" + topic,
                "eventstore.stores.orders.kafka.replay=earliest",
                "eventstore.snapshot.enabled=true",
                "eventstore.snapshot.directory=" + snapshots,
                "eventstore.snapshot.interval=1h");
        long base = System.currentTimeMillis() / 1000 * 1000 - 120_000;
        List<long[]> fed = new java.util.ArrayList<>(); // {record timestamp, amount}
        produceAt(topic, base, 120, random, fed);
        app.run(context -> {
            assertThat(context).hasNotFailed();
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            assertThat(store.options().timestampSelector()).isNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.count() == 120);
            assertWindowByRecordTimestamps(store, fed, base, random);
            assertThatIllegalStateException().isThrownBy(() -> store.count(Instant.ofEpochMilli(base), Instant.now()))
                    .withMessageContaining("eventstore.stores.orders.timestamp-property");
        });
        produceAt(topic, base, 45, random, fed); // while no instance runs
        app.run(context -> {
            assertThat(context).hasNotFailed();
            EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.count() == 165);
            assertThat(store.statistics().totalRestored()).as("restored from the snapshots").isEqualTo(120);
            assertThat(store.statistics().totalAppended()).as("then resumed after them").isEqualTo(45);
            assertWindowByRecordTimestamps(store, fed, base, random);
        });
    }

    private void produceAt(String topic, long base, int n, java.util.Random random, List<long[]> fed) {
        try (KafkaProducer<String, byte[]> producer = broker.rawProducer()) {
            for (int i = 0; i < n; i++) {
                long timestamp = base + random.nextInt(100_000);
                int amount = random.nextInt(1000);
                String customer = "c" + random.nextInt(30);
                producer.send(new ProducerRecord<>(topic, random.nextInt(3), timestamp, customer,
                        ("{\"customerId\":\"" + customer + "\",\"amount\":" + amount + "}")
                                .getBytes(StandardCharsets.UTF_8))).get();
                fed.add(new long[] {timestamp, amount});
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertWindowByRecordTimestamps(EventStore<OrderEvent> store, List<long[]> fed, long base,
                                                       java.util.Random random) {
        for (int q = 0; q < 40; q++) {
            long from = base + 1000L * random.nextInt(110) - 5_000;
            long to = q == 0 ? base + 200_000 : from + 1000L * random.nextInt(60);
            long count = fed.stream().filter(f -> f[0] >= from && f[0] < to).count();
            long sum = fed.stream().filter(f -> f[0] >= from && f[0] < to).mapToLong(f -> f[1]).sum();
            var window = store.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
            assertThat(window.count()).as("count over [%d, %d)", from, to).isEqualTo(count);
            assertThat(window.sum()).as("sum over [%d, %d)", from, to).isEqualTo((double) sum);
        }
    }

    @Test
    void stoppingTheContextStopsTheFeedAndReleasesItsPartitions() {
        String topic = broker.newTopic("stop", 3);
        orders(topic).run(context -> {
            KafkaStoreFeed<?> feed = feed(context);
            publisher(context).publish(new OrderEvent("c", 1, Instant.now())).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.store().count() == 1);
            context.stop();
            assertThat(feed.isRunning()).isFalse();
            assertThat(feed.binding().orElseThrow().assignedPartitions()).isEmpty();
            assertThat(feed.store().count()).as("revoked partitions leave the instance").isZero();
            assertThat(feed.sinceLastContact()).isEmpty();
        });
    }

    @SuppressWarnings("unchecked")
    private static KafkaStoreFeed<OrderEvent> feed(AssertableApplicationContext context) {
        return context.getBean("ordersKafkaFeed", KafkaStoreFeed.class);
    }

    @SuppressWarnings("unchecked")
    private static EventStorePublisher<OrderEvent> publisher(AssertableApplicationContext context) {
        return context.getBean("ordersEventPublisher", EventStorePublisher.class);
    }

}
