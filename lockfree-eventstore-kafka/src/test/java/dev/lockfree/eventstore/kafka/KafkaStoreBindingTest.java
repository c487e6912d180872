package dev.lockfree.eventstore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A store fed by a real broker (EmbeddedKafkaKraftBroker, one per class, loopback only) through a plain consumer
 * loop: exact content and offsets, restart from a snapshot, crash and restart, takeover within a group, bad records,
 * and the partition-count check.
 */
class KafkaStoreBindingTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final List<Long> publishedValues = new CopyOnWriteArrayList<>();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String topic;
    private KafkaProducer<String, Reading> producer;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
        System.out.println("broker at " + bootstrap);
        assertThat(bootstrap).as("loopback only").matches("(localhost|127\\.0\\.0\\.1):\\d+(,(localhost|127\\.0\\.0\\.1):\\d+)*");
    }

    @AfterAll
    static void stopBroker() {
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

    private String newTopic(TestInfo info, int partitions) {
        String name = "t" + TOPICS.incrementAndGet() + "-" + info.getTestMethod().orElseThrow().getName();
        broker.addTopics(new NewTopic(name, partitions, (short) 1));
        // the creation returns before every partition has a leader: a producer that sends at once can then sit on
        // a batch for a partition until its delivery timeout (seen here once, on partition 3 of 4, after 120 s)
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(name)).allTopicNames()
                    .get().get(name).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        return name;
    }

    private KafkaProducer<String, Reading> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        KafkaProducer<String, Reading> p = new KafkaProducer<>(props, new StringSerializer(), Reading.SERIALIZER);
        closeables.add(p::close);
        return p;
    }

    private ConsumerLoop loop(String group, KafkaStoreBinding<?> binding) {
        return loop(group, binding, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    private ConsumerLoop loop(String group, KafkaStoreBinding<?> binding, String assignor) {
        ConsumerLoop loop = new ConsumerLoop(bootstrap, group, binding, assignor);
        closeables.add(loop);
        return loop;
    }

    /** Publishes n readings with random sensors; returns the acknowledged offsets by partition, in order. */
    private static Map<Integer, List<Long>> publish(EventStorePublisher<Reading> publisher, int n, Random random,
                                                    Map<Integer, List<Long>> into) {
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        List<Reading> sent = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            Reading r = Reading.of("sensor-" + random.nextInt(40), random.nextInt(1000), now + i);
            sent.add(r);
            publishedValues.add(r.value());
            acks.add(publisher.publish(r));
        }
        EventStore<Reading> routing = Reading.store("routing", into.size(), 1).create();
        for (int i = 0; i < n; i++) {
            PublishResult result = acks.get(i).join();
            assertThat(result.partition()).as("store partition i <-> topic partition i")
                    .isEqualTo(routing.partitionFor(sent.get(i).sensor()));
            into.get(result.partition()).add(result.offset());
        }
        into.values().forEach(list -> list.sort(null));
        return into;
    }

    private static Map<Integer, List<Long>> offsetsByPartition(int partitions) {
        Map<Integer, List<Long>> map = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            map.put(p, new ArrayList<>());
        }
        return map;
    }

    /** Each partition holds exactly the newest {@code capacity} records of its topic partition, in offset order. */
    private static void assertExact(EventStore<Reading> store, Map<Integer, List<Long>> produced, int capacity,
                                    Set<Integer> partitions) {
        for (int p : partitions) {
            List<Long> all = produced.get(p);
            List<Long> expected = all.subList(Math.max(0, all.size() - capacity), all.size());
            assertThat(store.copyPartition(p)).extracting(Reading::offset).as("partition %d", p)
                    .containsExactlyElementsOf(expected);
        }
    }

    private static boolean isExact(EventStore<Reading> store, Map<Integer, List<Long>> produced, int capacity, int p) {
        List<Long> all = produced.get(p);
        List<Long> expected = all.subList(Math.max(0, all.size() - capacity), all.size());
        return store.copyPartition(p).stream().map(Reading::offset).toList().equals(expected);
    }

    private static Snapshotter<Reading> snapshotter(EventStore<Reading> store, String name, Path dir)
            throws IOException {
        return new Snapshotter<>(store, name, Reading.CODEC, new FileSystemSnapshotStore(dir), SnapshotOptions.builder()
                .interval(Duration.ofHours(1)).finalSnapshot(false, Duration.ofSeconds(5)).build());
    }

    private static long seed(String test) {
        long seed = System.nanoTime();
        System.out.println(test + " seed=" + seed);
        return seed;
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void publishedRecordsLandInTheirStorePartitionExactlyWithOffsetsAndLag(TestInfo info) {
        Random random = new Random(seed("publishedRecordsLandInTheirStorePartitionExactlyWithOffsetsAndLag"));
        topic = newTopic(info, 3);
        EventStore<Reading> store = Reading.store("orders", 3, 50).create();
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(store, topic, producer());
        publisher.verify();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).build();
        publishedValues.clear();
        Map<Integer, List<Long>> produced = publish(publisher, 300, random, offsetsByPartition(3));
        ConsumerLoop loop = loop("g-" + topic, binding);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(loop.failure()).isNull();
            assertExact(store, produced, 50, Set.of(0, 1, 2));
            for (int p = 0; p < 3; p++) {
                PartitionStats stats = binding.partitionStats(p);
                assertThat(stats.assigned()).isTrue();
                assertThat(stats.consumed()).isEqualTo(produced.get(p).size());
                assertThat(stats.lastOffset()).isEqualTo(produced.get(p).get(produced.get(p).size() - 1));
                assertThat(stats.lag()).hasValue(0);
            }
        });
        assertThat(binding.skipped()).isEmpty();
        assertThat(binding.assignedPartitions()).containsExactly(0, 1, 2);
        assertThat(store.statistics().totalAppended()).isEqualTo(300);
        // arrival statistics over every record fed, evicted ones included: brute force over what was published
        WindowAggregate window = store.windowAggregate(Instant.EPOCH, Instant.now().plus(Duration.ofHours(1)));
        assertThat(window.count()).isEqualTo(300);
        assertThat(window.sum()).isEqualTo(publishedValues.stream().mapToLong(Long::longValue).sum());
        // the event is in the partition of its key, as a local append would have put it
        for (int p = 0; p < 3; p++) {
            for (Reading r : store.copyPartition(p)) {
                assertThat(store.partitionFor(r.sensor())).isEqualTo(p);
            }
        }
        assertThatThrownBy(() -> store.tryAppend(Reading.of("x", 1, 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("ordersEventPublisher");
    }

    @Test
    void aRestartRestoresFromTheSnapshotAndResumesRightAfterItsNewestOffset(TestInfo info, @TempDir Path dir)
            throws Exception {
        Random random = new Random(seed("aRestartRestoresFromTheSnapshotAndResumesRightAfterItsNewestOffset"));
        topic = newTopic(info, 2);
        String group = "g-" + topic;
        Map<Integer, List<Long>> produced = offsetsByPartition(2);
        Producer<String, Reading> kafka = producer();

        EventStore<Reading> first = Reading.store("orders", 2, 40).create();
        Snapshotter<Reading> firstSnapshots = snapshotter(first, "orders", dir);
        KafkaStoreBinding<Reading> firstBinding = KafkaStoreBinding.builder(first, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(firstSnapshots).build();
        publish(new EventStorePublisher<>(first, topic, kafka), 150, random, produced);
        ConsumerLoop firstLoop = loop(group, firstBinding);
        await().atMost(Duration.ofSeconds(60)).until(() -> isExact(first, produced, 40, 0) && isExact(first, produced, 40, 1));
        firstLoop.close(); // graceful: revocation writes a final snapshot of each partition, then releases it
        assertThat(firstLoop.failure()).isNull();
        assertThat(first.count()).as("released on revocation").isZero();
        firstSnapshots.close();

        // published while no instance runs
        EventStore<Reading> second = Reading.store("orders", 2, 40).create();
        publish(new EventStorePublisher<>(second, topic, kafka), 70, random, produced);
        Snapshotter<Reading> secondSnapshots = snapshotter(second, "orders", dir);
        closeables.add(secondSnapshots);
        KafkaStoreBinding<Reading> secondBinding = KafkaStoreBinding.builder(second, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(secondSnapshots).build();
        ConsumerLoop secondLoop = loop(group, secondBinding);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(secondLoop.failure()).isNull();
            assertExact(second, produced, 40, Set.of(0, 1));
        });
        // resumed after the snapshot: only the 70 new records were read, nothing from before
        assertThat(second.statistics().totalAppended()).isEqualTo(70);
        assertThat(second.statistics().totalRestored()).isEqualTo(80);
        assertThat(secondBinding.skipped()).isEmpty();
    }

    @Test
    void afterACrashTheRestartReplaysFromTheLastSnapshotWithoutDuplicateOrGap(TestInfo info, @TempDir Path dir)
            throws Exception {
        Random random = new Random(seed("afterACrashTheRestartReplaysFromTheLastSnapshotWithoutDuplicateOrGap"));
        topic = newTopic(info, 2);
        String group = "g-" + topic;
        Map<Integer, List<Long>> produced = offsetsByPartition(2);
        Producer<String, Reading> kafka = producer();

        EventStore<Reading> first = Reading.store("orders", 2, 30).create();
        Snapshotter<Reading> firstSnapshots = snapshotter(first, "orders", dir);
        KafkaStoreBinding<Reading> firstBinding = KafkaStoreBinding.builder(first, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(firstSnapshots).build();
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(first, topic, kafka);
        publish(publisher, 100, random, produced);
        ConsumerLoop firstLoop = loop(group, firstBinding);
        await().atMost(Duration.ofSeconds(60)).until(() -> isExact(first, produced, 30, 0) && isExact(first, produced, 30, 1));
        firstSnapshots.snapshotNow(); // the last periodic snapshot before the crash
        publish(publisher, 50, random, produced); // consumed, but in no snapshot
        await().atMost(Duration.ofSeconds(60)).until(() -> isExact(first, produced, 30, 0) && isExact(first, produced, 30, 1));
        firstLoop.crash();
        assertThat(first.count()).as("a crash releases nothing: this store is simply gone").isEqualTo(60);
        publish(publisher, 40, random, produced);

        EventStore<Reading> second = Reading.store("orders", 2, 30).create();
        Snapshotter<Reading> secondSnapshots = snapshotter(second, "orders", dir);
        closeables.add(secondSnapshots);
        KafkaStoreBinding<Reading> secondBinding = KafkaStoreBinding.builder(second, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(secondSnapshots).build();
        ConsumerLoop secondLoop = loop(group, secondBinding);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(secondLoop.failure()).isNull();
            assertExact(second, produced, 30, Set.of(0, 1));
        });
        // the 50 records after the snapshot were read again, then the 40 new ones: no more, no less
        assertThat(second.statistics().totalAppended()).isEqualTo(90);
        // the windows hold what was restored and what was replayed, nothing twice
        assertThat(second.windowAggregate(Instant.EPOCH, Instant.now().plus(Duration.ofHours(1))).count())
                .isEqualTo(second.statistics().totalRestored() + 90);
        assertThat(secondBinding.skipped()).isEmpty();
    }

    /**
     * The snapshotter runs on its own threads (every few events) while the consumer feeds: each snapshot names the
     * offset of exactly its newest event, so whichever snapshot is newest at the crash, the restart is exact.
     */
    @Test
    void backgroundSnapshotsWhileFeedingThenACrashStillRestartExactly(TestInfo info, @TempDir Path dir)
            throws Exception {
        Random random = new Random(seed("backgroundSnapshotsWhileFeedingThenACrashStillRestartExactly"));
        topic = newTopic(info, 3);
        String group = "g-" + topic;
        Map<Integer, List<Long>> produced = offsetsByPartition(3);
        Producer<String, Reading> kafka = producer();
        EventStore<Reading> first = Reading.store("orders", 3, 20).create();
        Snapshotter<Reading> background = new Snapshotter<>(first, "orders", Reading.CODEC, new FileSystemSnapshotStore(dir),
                SnapshotOptions.builder().interval(Duration.ofMillis(20)).minEventsBetweenSnapshots(7)
                        .finalSnapshot(false, Duration.ofSeconds(1)).build());
        KafkaStoreBinding<Reading> firstBinding = KafkaStoreBinding.builder(first, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(background).build();
        background.start();
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(first, topic, kafka);
        ConsumerLoop firstLoop = loop(group, firstBinding);
        for (int batch = 0; batch < 10; batch++) {
            publish(publisher, 10 + random.nextInt(30), random, produced);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> isExact(first, produced, 20, 0)
                && isExact(first, produced, 20, 1) && isExact(first, produced, 20, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> background.metrics().totalSnapshots() >= 3);
        firstLoop.crash();
        background.close(); // no final snapshot: whatever the last background one was
        publish(publisher, 25, random, produced);

        EventStore<Reading> second = Reading.store("orders", 3, 20).create();
        Snapshotter<Reading> secondSnapshots = snapshotter(second, "orders", dir);
        closeables.add(secondSnapshots);
        KafkaStoreBinding<Reading> secondBinding = KafkaStoreBinding.builder(second, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(secondSnapshots).build();
        ConsumerLoop secondLoop = loop(group, secondBinding);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(secondLoop.failure()).isNull();
            assertExact(second, produced, 20, Set.of(0, 1, 2));
        });
        assertThat(secondBinding.skipped()).isEmpty();
        assertThat(second.statistics().totalRestored()).isPositive();
    }

    /** Cooperative (incremental) and eager (revoke everything, then assign) rebalancing. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
            "org.apache.kafka.clients.consumer.RangeAssignor"})
    void twoInstancesSplitThePartitionsAndOneTakesOverExactlyWhenTheOtherLeaves(String assignor, TestInfo info)
            throws Exception {
        Random random = new Random(seed("twoInstancesSplitThePartitionsAndOneTakesOverExactlyWhenTheOtherLeaves"));
        topic = newTopic(info, 4);
        String group = "g-" + topic;
        Map<Integer, List<Long>> produced = offsetsByPartition(4);
        EventStore<Reading> a = Reading.store("orders", 4, 25).create();
        EventStore<Reading> b = Reading.store("orders", 4, 25).create();
        KafkaStoreBinding<Reading> bindingA = KafkaStoreBinding.builder(a, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).build();
        KafkaStoreBinding<Reading> bindingB = KafkaStoreBinding.builder(b, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).build();
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(a, topic, producer());
        publish(publisher, 200, random, produced);
        ConsumerLoop loopA = loop(group, bindingA, assignor);
        ConsumerLoop loopB = loop(group, bindingB, assignor);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(loopA.failure()).isNull();
            assertThat(loopB.failure()).isNull();
            Set<Integer> ownedA = bindingA.assignedPartitions();
            Set<Integer> ownedB = bindingB.assignedPartitions();
            assertThat(ownedA).isNotEmpty();
            assertThat(ownedB).isNotEmpty(); // (before the next line: an empty set there is an error, not a failure)
            assertThat(ownedA).doesNotContainAnyElementsOf(ownedB);
            assertThat(union(ownedA, ownedB).keySet()).containsExactly(0, 1, 2, 3);
            assertExact(a, produced, 25, ownedA);
            assertExact(b, produced, 25, ownedB);
            for (int p = 0; p < 4; p++) { // no partition answered by both, none held by a non-owner
                assertThat(ownedA.contains(p) || a.partitionSize(p) == 0).isTrue();
                assertThat(ownedB.contains(p) || b.partitionSize(p) == 0).isTrue();
            }
        });
        assertThat(a.count() + b.count()).isEqualTo(produced.values().stream().mapToLong(l -> Math.min(25, l.size())).sum());

        loopB.close();
        assertThat(b.count()).as("B released its partitions when it left").isZero();
        publish(publisher, 120, random, produced);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(loopA.failure()).isNull();
            assertThat(bindingA.assignedPartitions()).containsExactly(0, 1, 2, 3);
            assertExact(a, produced, 25, Set.of(0, 1, 2, 3));
        });
        assertThat(bindingA.skipped()).isEmpty();
    }

    private static TreeMap<Integer, Integer> union(Set<Integer> x, Set<Integer> y) {
        TreeMap<Integer, Integer> all = new TreeMap<>();
        x.forEach(p -> all.merge(p, 1, Integer::sum));
        y.forEach(p -> all.merge(p, 1, Integer::sum));
        return all;
    }

    /**
     * A store without a timestamp selector takes each event's timestamp from its record: records produced with
     * explicit timestamps (far from the readings' own) land in the window at theirs, exactly, and after a restart
     * from the snapshot (restore, then seek past its newest offset) the window is still exact.
     */
    @Test
    void withoutATimestampSelectorTheWindowGoesByTheRecordTimestampsAlsoAfterARestart(TestInfo info,
                                                                                      @TempDir Path dir)
            throws Exception {
        Random random = new Random(seed("withoutATimestampSelectorTheWindowGoesByTheRecordTimestampsAlsoAfterARestart"));
        topic = newTopic(info, 2);
        String group = "g-" + topic;
        Producer<String, Reading> kafka = producer();
        long base = System.currentTimeMillis() / 1000 * 1000 - 120_000;
        EventStore<Reading> routing = Reading.storeOfRecordTimestamps("orders", 2, 500).create();
        List<long[]> fed = new CopyOnWriteArrayList<>(); // {timestamp, value}
        java.util.function.IntConsumer produce = n -> {
            for (int i = 0; i < n; i++) {
                String sensor = "sensor-" + random.nextInt(20);
                long value = random.nextInt(1000);
                long timestamp = base + random.nextInt(100_000);
                try {
                    kafka.send(new ProducerRecord<>(topic, routing.partitionFor(sensor), timestamp, sensor,
                            Reading.of(sensor, value, 42))).get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                fed.add(new long[] {timestamp, value});
            }
        };
        produce.accept(150);

        EventStore<Reading> first = Reading.storeOfRecordTimestamps("orders", 2, 500).create();
        Snapshotter<Reading> firstSnapshots = snapshotter(first, "orders", dir);
        KafkaStoreBinding<Reading> firstBinding = KafkaStoreBinding.builder(first, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(firstSnapshots).build();
        ConsumerLoop firstLoop = loop(group, firstBinding);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.count() == 150);
        assertWindowByRecordTimestamps(first, fed, base, random);
        assertThatThrownBy(() -> first.count(Instant.ofEpochMilli(base), Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("eventstore.stores.orders.timestamp-property");
        firstLoop.close(); // final snapshots, then release
        assertThat(firstLoop.failure()).isNull();
        firstSnapshots.close();

        produce.accept(60); // while no instance runs
        EventStore<Reading> second = Reading.storeOfRecordTimestamps("orders", 2, 500).create();
        Snapshotter<Reading> secondSnapshots = snapshotter(second, "orders", dir);
        closeables.add(secondSnapshots);
        KafkaStoreBinding<Reading> secondBinding = KafkaStoreBinding.builder(second, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(secondSnapshots).build();
        ConsumerLoop secondLoop = loop(group, secondBinding);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.count() == 210);
        assertThat(secondLoop.failure()).isNull();
        assertThat(second.statistics().totalRestored()).as("restored, not replayed").isEqualTo(150);
        assertThat(second.statistics().totalAppended()).isEqualTo(60);
        assertWindowByRecordTimestamps(second, fed, base, random);
        assertThat(secondBinding.skipped()).isEmpty();
    }

    private static void assertWindowByRecordTimestamps(EventStore<Reading> store, List<long[]> fed, long base,
                                                       Random random) {
        for (int q = 0; q < 40; q++) {
            long from = base + 1000L * random.nextInt(110) - 5_000;
            long to = q == 0 ? base + 200_000 : from + 1000L * random.nextInt(60);
            long count = fed.stream().filter(f -> f[0] >= from && f[0] < to).count();
            long sum = fed.stream().filter(f -> f[0] >= from && f[0] < to).mapToLong(f -> f[1]).sum();
            WindowAggregate window = store.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
            assertThat(window.count()).as("count over [%d, %d)", from, to).isEqualTo(count);
            assertThat(window.sum()).as("sum over [%d, %d)", from, to).isEqualTo((double) sum);
        }
        assertThat(store.windowAggregate(Duration.ofMinutes(4)).count()).isEqualTo(fed.size());
    }

    @Test
    void badRecordsAreSkippedCountedLoggedAndDeadLetteredWhileConsumptionGoesOn(TestInfo info) {
        topic = newTopic(info, 1);
        EventStore<Reading> store = Reading.store("orders", 1, 100).create();
        List<String> deadLetters = new CopyOnWriteArrayList<>();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, topic, Reading.DECODER)
                .replay(Replay.EARLIEST)
                .deadLetter((record, reason, cause) -> deadLetters.add(record.offset() + ":" + reason.tag()))
                .build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<Long> good = new ArrayList<>();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            String[] values = {"s1|1|" + now, "{not json", null, "s2|2|", "s3|3|" + now, "s4|x|" + now, "s5|5|" + now};
            for (String value : values) {
                long offset = send(raw, value);
                if (value != null && value.matches("s\\d\\|\\d\\|\\d+")) {
                    good.add(offset);
                }
            }
        }
        ConsumerLoop loop = loop("g-" + topic, binding);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(loop.failure()).isNull();
            assertThat(store.copyPartition(0)).extracting(Reading::offset).containsExactlyElementsOf(good);
            assertThat(binding.partitionStats(0).lastOffset()).isEqualTo(6);
        });
        assertThat(good).containsExactly(0L, 4L, 6L);
        assertThat(binding.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.UNDECODABLE, 2L, SkipReason.NULL_VALUE, 1L, SkipReason.MISSING_TIMESTAMP, 1L));
        assertThat(binding.partitionStats(0).skippedTotal()).isEqualTo(4);
        assertThat(binding.partitionStats(0).consumed()).isEqualTo(3);
        assertThat(deadLetters).containsExactly("1:undecodable", "2:null-value", "3:missing-timestamp",
                "5:undecodable");
    }

    private long send(KafkaProducer<String, byte[]> raw, String value) {
        try {
            return raw.send(new ProducerRecord<>(topic, 0, "k", value == null ? null
                    : value.getBytes(StandardCharsets.UTF_8))).get().offset();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTopicWithAnotherPartitionCountFailsNamingTheTopicBothCountsAndTheKey(TestInfo info) {
        topic = newTopic(info, 3);
        EventStore<Reading> store = Reading.store("orders", 4, 10).create();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, topic, Reading.DECODER).build();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ConsumerLoop.properties(bootstrap, "g-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            assertThatThrownBy(() -> binding.verify(consumer)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Topic '" + topic + "' has 3 partitions")
                    .hasMessageContaining("has 4")
                    .hasMessageContaining("eventstore.stores.orders.partitions=4");
            KafkaStoreBinding<Reading> missing = KafkaStoreBinding.builder(Reading.store("other", 4, 10).create(),
                    "no-such-topic", Reading.DECODER).build();
            assertThatThrownBy(() -> missing.verify(consumer)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Topic 'no-such-topic' does not exist")
                    .hasMessageContaining("eventstore.stores.other.partitions=4");
            // an assignment the counts cannot match is refused too, naming both
            assertThatThrownBy(() -> binding.assigned(List.of(new TopicPartition(topic, 5)), consumer))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("partition 5")
                    .hasMessageContaining("has 4 partitions");
        }
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(store, topic, producer());
        assertThatThrownBy(() -> publisher.verify("eventstore.stores.orders.partitions"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has 3 partitions")
                .hasMessageContaining("eventstore.stores.orders.partitions=4");
    }

    @Test
    void replayWindowStartsAtTheFirstRecordInsideTheWindowAndLatestAtTheEnd(TestInfo info) throws Exception {
        topic = newTopic(info, 1);
        long now = System.currentTimeMillis();
        List<Long> recent = new ArrayList<>();
        Producer<String, Reading> kafka = producer();
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(Reading.store("x", 1, 1).create(), topic, kafka);
        for (int i = 0; i < 5; i++) {
            publisher.publish(Reading.of("s", i, now - Duration.ofHours(1).toMillis() + i)).join(); // outside 5 min
        }
        for (int i = 0; i < 4; i++) {
            recent.add(publisher.publish(Reading.of("s", i, now - 1000 + i)).join().offset());
        }
        EventStore<Reading> windowed = Reading.store("orders", 1, 100).create();
        KafkaStoreBinding<Reading> window = KafkaStoreBinding.builder(windowed, topic, Reading.DECODER).build();
        assertThat(window.replay()).isEqualTo(Replay.WINDOW);
        ConsumerLoop windowLoop = loop("g1-" + topic, window);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(windowLoop.failure()).isNull();
            assertThat(windowed.copyPartition(0)).extracting(Reading::offset).containsExactlyElementsOf(recent);
        });

        EventStore<Reading> latest = Reading.store("orders", 1, 100).create();
        KafkaStoreBinding<Reading> latestBinding = KafkaStoreBinding.builder(latest, topic, Reading.DECODER)
                .replay(Replay.LATEST).build();
        ConsumerLoop latestLoop = loop("g2-" + topic, latestBinding);
        await().atMost(Duration.ofSeconds(60)).until(() -> latestBinding.assignedPartitions().contains(0));
        long next = publisher.publish(Reading.of("s", 99, now)).join().offset();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(latestLoop.failure()).isNull();
            assertThat(latest.copyPartition(0)).extracting(Reading::offset).containsExactly(next);
        });
    }
}
