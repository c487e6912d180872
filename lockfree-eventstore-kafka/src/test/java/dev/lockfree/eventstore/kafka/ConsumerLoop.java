package dev.lockfree.eventstore.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A test-only plain consumer loop around a binding (production uses Spring Kafka's listener container): subscribe
 * with the binding's rebalance listener, poll, feed, commit, update the lag. {@link #close()} leaves the group
 * gracefully (revocation: final snapshot and release); {@link #crash()} stops without telling the binding anything,
 * like a kill -9 as far as the store and its snapshots are concerned.
 */
final class ConsumerLoop implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaStoreBinding<?> binding;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;
    private volatile boolean crashed;

    ConsumerLoop(String bootstrap, String groupId, KafkaStoreBinding<?> binding) {
        this(bootstrap, groupId, binding, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    ConsumerLoop(String bootstrap, String groupId, KafkaStoreBinding<?> binding, String assignor) {
        this(bootstrap, groupId, binding, props(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor));
    }

    /** {@code overrides} replace the defaults of {@link #properties} (e.g. a short session timeout). */
    ConsumerLoop(String bootstrap, String groupId, KafkaStoreBinding<?> binding, Properties overrides) {
        this.binding = binding;
        Properties props = properties(bootstrap, groupId);
        props.putAll(overrides);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "consumer-" + groupId + "-" + System.identityHashCode(this));
        thread.setDaemon(true);
        thread.start();
    }

    private static Properties props(String key, String value) {
        Properties props = new Properties();
        props.put(key, value);
        return props;
    }

    static Properties properties(String bootstrap, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"); // the binding always seeks
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        return props;
    }

    private void run() {
        try {
            binding.verify(consumer);
            org.apache.kafka.clients.consumer.ConsumerRebalanceListener listener = binding.rebalanceListener(consumer);
            consumer.subscribe(List.of(binding.topic()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> tps) {
                    listener.onPartitionsAssigned(tps);
                }

                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> tps) {
                    if (!crashed) { // a killed process hears nothing
                        listener.onPartitionsRevoked(tps);
                    }
                }

                @Override
                public void onPartitionsLost(java.util.Collection<org.apache.kafka.common.TopicPartition> tps) {
                    if (!crashed) {
                        listener.onPartitionsLost(tps);
                    }
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                polls.incrementAndGet();
                if (crashed) {
                    break;
                }
                binding.acceptAll(records);
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> commit =
                        binding.offsetsToCommit();
                if (!commit.isEmpty() && !records.isEmpty()) {
                    consumer.commitAsync(commit, null);
                }
                binding.updateLag(consumer);
            }
        } catch (WakeupException e) {
            // stopping
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            consumer.close(); // after a crash, the listener passes nothing on to the binding
        }
    }

    /** Polls returned so far: the loop is alive while this grows. */
    long polls() {
        return polls.get();
    }

    Throwable failure() {
        return failure.get();
    }

    /** Stops as a killed process would, as far as the store and its snapshot directory can tell. */
    void crash() throws InterruptedException {
        crashed = true;
        running = false;
        consumer.wakeup();
        thread.join(30_000);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("consumer loop did not stop");
        }
    }
}
