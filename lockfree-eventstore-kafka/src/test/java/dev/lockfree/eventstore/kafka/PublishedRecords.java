package dev.lockfree.eventstore.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes random readings to a topic of its own and remembers what the broker acknowledged: per partition, the
 * value at each offset. Tests compare a store with it, so it is the brute force every assertion starts from.
 */
final class PublishedRecords implements AutoCloseable {

    private final Map<Integer, Map<Long, Long>> values = new TreeMap<>();
    private final KafkaProducer<String, Reading> producer;
    private final EventStorePublisher<Reading> publisher;

    PublishedRecords(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // a send to a partition without a leader (broker restarting) waits for it rather than failing
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        producer = new KafkaProducer<>(props, new StringSerializer(), Reading.SERIALIZER);
        // the publisher routes by the store's key partitioning; this store only lends it that function
        publisher = new EventStorePublisher<>(Reading.store("orders", partitions, 1).create(), topic, producer);
        for (int p = 0; p < partitions; p++) {
            values.put(p, new TreeMap<>());
        }
    }

    /** Publishes n readings (random sensor and value, timestamps from now) and waits for every acknowledgement. */
    void send(int n, Random random) {
        sendAsync(n, random).join();
    }

    /** Hands n readings to the producer now; the future completes when the broker acknowledged them all. */
    CompletableFuture<Void> sendAsync(int n, Random random) {
        long now = System.currentTimeMillis();
        List<Reading> sent = new ArrayList<>();
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Reading r = Reading.of("sensor-" + random.nextInt(40), random.nextInt(1000), now + i);
            sent.add(r);
            acks.add(publisher.publish(r));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenRun(() -> {
            for (int i = 0; i < n; i++) {
                PublishResult ack = acks.get(i).join();
                synchronized (values) {
                    values.get(ack.partition()).put(ack.offset(), sent.get(i).value());
                }
            }
        });
    }

    /** The acknowledged offsets of a partition, which must be 0, 1, 2, … (the topic holds only what was sent here). */
    List<Long> offsets(int partition) {
        synchronized (values) {
            List<Long> offsets = List.copyOf(values.get(partition).keySet());
            assertThat(offsets).as("the topic holds only what this test published")
                    .isEqualTo(LongStream.range(0, offsets.size()).boxed().toList());
            return offsets;
        }
    }

    /** The newest {@code capacity} offsets of a partition: what a store partition of that capacity must hold. */
    List<Long> newest(int partition, int capacity) {
        List<Long> all = offsets(partition);
        return all.subList(Math.max(0, all.size() - capacity), all.size());
    }

    int count() {
        synchronized (values) {
            return values.values().stream().mapToInt(Map::size).sum();
        }
    }

    long value(int partition, long offset) {
        synchronized (values) {
            return values.get(partition).get(offset);
        }
    }

    /** Every acknowledged value, all partitions. */
    List<Long> allValues() {
        synchronized (values) {
            return values.values().stream().flatMap(m -> m.values().stream()).toList();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
