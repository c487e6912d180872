package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.kafka.KafkaStoreBinding;
import dev.lockfree.eventstore.kafka.Replay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Kafka-fed store costs next to Kafka itself: records per second from a pre-filled topic into a store through
 * {@link KafkaStoreBinding} (JSON decoded with Jackson into {@link Order}, {@code binding.acceptAll}, window on),
 * against a plain {@link KafkaConsumer} loop that decodes the same JSON and drops it. The target is ≥ 0.9×:
 * the store should cost nothing measurable next to fetching and decoding.
 *
 * <p>Each invocation reads the whole topic from the beginning with a new consumer (assigned, not subscribed: no
 * group to join, so no rebalance time in the measurement) into a new store, and ends when every record has been
 * handled; hence single-shot mode and {@code @OperationsPerInvocation(RECORDS)}: the score is time per record. The
 * broker is an {@link EmbeddedKafkaKraftBroker} on loopback started once per trial (JMH forks each benchmark, so
 * each side gets its own broker with the same configuration and the same topic content, from a fixed seed). The
 * store keeps 32,768 events per partition, so most of the records are also evicted: the full write path.
 *
 * <p>Fairness: both sides are positioned the same way outside the measurement (the store's {@code binding.assigned}
 * reads the beginning offsets and seeks, and the peer does the same with its consumer), so each measures polling,
 * decoding and, for the store, appending. After each invocation both drop what it made and collect it
 * ({@code System.gc()}, outside the measurement), and the heap has a fixed size: otherwise the store side pays,
 * in its next invocation, for collecting the previous invocation's whole store (196,608 events that a real
 * instance, with one store, never throws away) and for growing the heap to hold it, which measured as the
 * 2-5x slower invocations of earlier runs. The store still pays, in-measurement, for keeping its own events
 * alive (young collections copy them, write barriers track them): that is what a store costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(KafkaConsumeBenchmark.RECORDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class KafkaConsumeBenchmark {

    static final int RECORDS = 300_000;
    static final int PARTITIONS = 6;
    static final String TOPIC = "orders";

    /** The event a record's JSON value decodes to. */
    public record Order(String customerId, long amount, long createdAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Events per store partition: the newest ones stay, the rest are evicted as the topic is read. */
    @Param("32768")
    public int capacityPerPartition;

    private EmbeddedKafkaKraftBroker broker;
    private String bootstrap;
    private List<TopicPartition> partitions;
    private KafkaConsumer<byte[], byte[]> consumer;
    private EventStore<Order> store;
    private KafkaStoreBinding<Order> binding;

    @Setup(Level.Trial)
    public void startBrokerAndFillTopic() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
        if (!bootstrap.matches("(localhost|127\\.0\\.0\\.1):\\d+")) {
            throw new IllegalStateException("expected one broker on loopback, got " + bootstrap);
        }
        broker.addTopics(new NewTopic(TOPIC, PARTITIONS, (short) 1));
        awaitLeaders();
        partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        fill();
    }

    private void awaitLeaders() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + TOPIC + " has partitions without a leader after 60 s");
                }
                Thread.sleep(50); // setup only, outside any measurement
            }
        }
    }

    /** RECORDS small JSON orders, each in the topic partition its customer routes to in the store. */
    private void fill() {
        EventStore<Order> routing = newStore();
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String customer = "c-" + random.nextInt(10_000);
                Order order = new Order(customer, random.nextInt(100_000), now + i / 1000);
                producer.send(new ProducerRecord<>(TOPIC, routing.partitionFor(customer),
                        customer.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(order)));
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> check = newConsumer()) {
            long total = check.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            if (total != RECORDS) {
                throw new IllegalStateException("the topic holds " + total + " records, expected " + RECORDS);
            }
        }
    }

    private EventStore<Order> newStore() {
        return EventStore.<Order>builder().withPartitions(PARTITIONS).withCapacityPerPartition(capacityPerPartition)
                .withKeySelector(Order::customerId).withTimestampSelector(Order::createdAt)
                .withValueSelector(Order::amount).withExternalFeed("orders", "the benchmark's topic")
                .create();
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A new consumer at the beginning of every partition, for both sides (the beginning offsets read and sought, as
     * {@code binding.assigned} does with {@link Replay#EARLIEST}); a new store and binding, assigned, for ours.
     */
    @Setup(Level.Invocation)
    public void newConsumerAtTheBeginning(org.openjdk.jmh.infra.BenchmarkParams params) {
        consumer = newConsumer();
        consumer.assign(partitions);
        if (params.getBenchmark().endsWith("storeViaBinding")) {
            store = newStore();
            binding = KafkaStoreBinding.builder(store, TOPIC, record -> JSON.readValue(record.value(), Order.class))
                    .replay(Replay.EARLIEST).build();
            binding.assigned(partitions, consumer);
        } else {
            consumer.beginningOffsets(partitions).forEach(consumer::seek);
        }
    }

    @TearDown(Level.Invocation)
    public void closeConsumerAndCollect() {
        consumer.close(Duration.ZERO);
        consumer = null;
        store = null;
        binding = null;
        System.gc(); // both sides: nothing of this invocation is collected during the next one
    }

    @TearDown(Level.Trial)
    public void stopBroker() {
        broker.destroy();
    }

    /** Ours: every record decoded and appended to its store partition through the binding. */
    @Benchmark
    public long storeViaBinding() {
        long seen = 0;
        long appended = 0;
        long idleSince = System.nanoTime();
        while (seen < RECORDS) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                failIfIdle(idleSince, seen);
                continue;
            }
            idleSince = System.nanoTime();
            seen += records.count();
            appended += binding.acceptAll(records);
        }
        if (appended != RECORDS || store.statistics().totalAppended() != RECORDS) {
            throw new IllegalStateException("appended " + appended + " of " + RECORDS + " records; skipped "
                    + binding.skipped());
        }
        return store.count();
    }

    /** The peer: the same consumer, the same JSON decoded into the same type, then dropped. */
    @Benchmark
    public long plainConsumerDecodeAndDrop(Blackhole bh) throws Exception {
        long seen = 0;
        long idleSince = System.nanoTime();
        while (seen < RECORDS) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                failIfIdle(idleSince, seen);
                continue;
            }
            idleSince = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                bh.consume(JSON.readValue(record.value(), Order.class));
            }
            seen += records.count();
        }
        return seen;
    }

    private static void failIfIdle(long idleSince, long seen) {
        if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(30)) {
            throw new IllegalStateException("no record for 30 s after " + seen + " of " + RECORDS);
        }
    }
}
