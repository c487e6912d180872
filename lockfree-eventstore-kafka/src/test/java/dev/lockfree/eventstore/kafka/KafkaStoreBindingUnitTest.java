package dev.lockfree.eventstore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.PartitionSnapshot;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding's and the publisher's rules without a broker (MockConsumer, MockProducer, synthetic records). */
class KafkaStoreBindingUnitTest {

    private static final String TOPIC = "orders";

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String value) {
        return new ConsumerRecord<>(topic, partition, offset, "k",
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String good(int value) {
        return "s|" + value + "|" + (1_700_000_000_000L + value);
    }

    private static MockConsumer<String, byte[]> consumer(int partitions, long beginning, long end) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(TOPIC, p));
        }
        consumer.assign(tps);
        java.util.Map<TopicPartition, Long> begin = new java.util.HashMap<>();
        java.util.Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        tps.forEach(tp -> {
            begin.put(tp, beginning);
            ends.put(tp, end);
        });
        consumer.updateBeginningOffsets(begin);
        consumer.updateEndOffsets(ends);
        return consumer;
    }

    @Test
    void recordsWithoutAStorePartitionOrNotOursOrFedAlreadyAreSkippedAndCounted() {
        EventStore<Reading> store = Reading.store("orders", 2, 10).create();
        List<String> dead = new ArrayList<>();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER)
                .replay(Replay.EARLIEST).deadLetter((r, reason, cause) -> {
                    dead.add(r.topic() + "-" + r.partition() + "@" + r.offset() + ":" + reason.tag());
                    throw new IllegalStateException("the dead-letter topic is down"); // logged, ignored
                }).build();
        MockConsumer<String, byte[]> consumer = consumer(2, 0, 0);
        assertThat(binding.assigned(List.of(new TopicPartition(TOPIC, 0)), consumer))
                .containsExactly(Map.entry(new TopicPartition(TOPIC, 0), 0L));
        assertThat(consumer.position(new TopicPartition(TOPIC, 0))).isZero();

        assertThat(binding.accept(record(TOPIC, 0, 0, good(1)))).isTrue();
        assertThat(binding.accept(record(TOPIC, 0, 0, good(1)))).as("redelivered").isFalse();
        assertThat(binding.accept(record("elsewhere", 0, 1, good(2)))).isFalse();
        assertThat(binding.accept(record(TOPIC, 2, 0, good(3)))).as("the topic has more partitions").isFalse();
        assertThat(binding.accept(record(TOPIC, 1, 0, good(4)))).as("partition 1 is not ours").isFalse();
        assertThat(binding.accept(record(TOPIC, 0, 5, good(5)))).as("gaps are normal (compaction)").isTrue();

        assertThat(store.copyPartition(0)).extracting(Reading::offset).containsExactly(0L, 5L);
        assertThat(store.partitionSize(1)).isZero();
        assertThat(binding.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(SkipReason.ALREADY_FED, 1L,
                SkipReason.OTHER_TOPIC, 1L, SkipReason.PARTITION_OUT_OF_RANGE, 1L, SkipReason.NOT_ASSIGNED, 1L));
        assertThat(binding.partitionStats(0).skipped()).containsExactly(Map.entry(SkipReason.ALREADY_FED, 1L));
        assertThat(binding.partitionStats(1).skipped()).containsExactly(Map.entry(SkipReason.NOT_ASSIGNED, 1L));
        assertThat(dead).containsExactly("orders-0@0:already-fed", "elsewhere-0@1:other-topic",
                "orders-2@0:partition-out-of-range", "orders-1@0:not-assigned");
        assertThat(binding.offsetsToCommit()).containsExactly(Map.entry(new TopicPartition(TOPIC, 0),
                new OffsetAndMetadata(6)));
        binding.updateLag(Map.of(new TopicPartition(TOPIC, 0), 10L, new TopicPartition(TOPIC, 1), 3L));
        assertThat(binding.partitionStats(0).lag()).hasValue(4);
        assertThat(binding.partitionStats(1).lag()).as("not ours: unknown").isEmpty();
    }

    @Test
    void aPartitionStillOwnedCarriesOnAndALostOneIsReleasedWithoutASnapshot(@TempDir Path dir) throws Exception {
        EventStore<Reading> store = Reading.store("orders", 1, 10).create();
        Snapshotter<Reading> snapshotter = new Snapshotter<>(store, "orders", Reading.CODEC,
                new FileSystemSnapshotStore(dir), SnapshotOptions.builder().interval(Duration.ofHours(1)).build());
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER)
                .replay(Replay.EARLIEST).snapshotter(snapshotter).build();
        MockConsumer<String, byte[]> consumer = consumer(1, 0, 0);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        binding.assigned(List.of(tp), consumer);
        for (int offset = 0; offset < 3; offset++) {
            binding.accept(record(TOPIC, 0, offset, good(offset)));
        }
        // assigned again while still owned (a cooperative rebalance may say so): no restore, no replay
        assertThat(binding.assigned(List.of(tp), consumer)).containsExactly(Map.entry(tp, 3L));
        assertThat(store.partitionSize(0)).isEqualTo(3);

        binding.lost(List.of(tp));
        assertThat(store.partitionSize(0)).isZero();
        assertThat(binding.assignedPartitions()).isEmpty();
        assertThat(snapshotter.metrics().totalSnapshots()).as("lost: no snapshot").isZero();
        // assigned again: no snapshot to restore, so replay from the beginning
        assertThat(binding.assigned(List.of(tp), consumer)).containsExactly(Map.entry(tp, 0L));
        snapshotter.close();
    }

    @Test
    void aSnapshotWithoutOffsetsIsDroppedAndThePartitionReplays(@TempDir Path dir) throws Exception {
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(dir);
        // written by a store that was not fed by Kafka: events but no source position
        files.save(new PartitionSnapshot<>("orders", 0, 0, 1, 0, Instant.EPOCH, 1,
                List.of(Reading.of("s", 1, 1), Reading.of("s", 2, 2))), Reading.CODEC, false);
        EventStore<Reading> store = Reading.store("orders", 1, 10).create();
        Snapshotter<Reading> snapshotter = new Snapshotter<>(store, "orders", Reading.CODEC, files,
                SnapshotOptions.builder().interval(Duration.ofHours(1)).build());
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER)
                .replay(Replay.LATEST).snapshotter(snapshotter).build();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        assertThat(binding.assigned(List.of(tp), consumer(1, 3, 42))).containsExactly(Map.entry(tp, 42L));
        assertThat(store.partitionSize(0)).isZero();
        snapshotter.close();
    }

    /**
     * Window replay on a partition with nothing recent starts at the end as it was before the time query: a
     * record published while the query runs (seen once with two instances starting while a producer sent) is fed,
     * not skipped.
     */
    @Test
    void windowReplayWithNothingRecentStartsAtTheEndReadBeforeTheTimeQuery() {
        EventStore<Reading> store = Reading.store("orders", 1, 10).create();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER).build();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp>
                    offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
                updateEndOffsets(Map.of(tp, 8L)); // three records arrive while the query runs
                java.util.Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> none =
                        new java.util.HashMap<>();
                none.put(tp, null);
                return none;
            }
        };
        consumer.assign(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, 5L));
        assertThat(binding.assigned(List.of(tp), consumer)).containsEntry(tp, 5L);
        assertThat(consumer.position(tp)).isEqualTo(5L);
    }

    /**
     * A partition counts as held (what the cluster query answers for) only once its replay reached the end offset
     * read at assignment; before that its store partition is still filling, and a total over it would be short.
     */
    @Test
    void anAssignedPartitionIsHeldOnlyOnceItsReplayReachedTheEndReadAtAssignment() {
        EventStore<Reading> store = Reading.store("orders", 3, 10).create();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER)
                .replay(Replay.EARLIEST).build();
        MockConsumer<String, byte[]> consumer = consumer(3, 0, 4);
        TopicPartition tp0 = new TopicPartition(TOPIC, 0);
        TopicPartition tp1 = new TopicPartition(TOPIC, 1);
        binding.assigned(List.of(tp0, tp1), consumer);
        assertThat(binding.assignedPartitions()).containsExactly(0, 1);
        assertThat(binding.heldPartitions()).as("both replay 4 records").isEmpty();

        for (int offset = 0; offset < 3; offset++) {
            assertThat(binding.accept(record(TOPIC, 0, offset, good(offset)))).isTrue();
            assertThat(binding.isHeld(0)).as("after offset %d of 0..3", offset).isFalse();
        }
        consumer.updateEndOffsets(Map.of(tp0, 9L)); // records published since the assignment do not move the mark
        assertThat(binding.accept(record(TOPIC, 0, 3, null))).as("a tombstone is handled, not appended").isFalse();
        assertThat(binding.heldPartitions()).containsExactly(0);
        assertThat(store.partitionSize(0)).isEqualTo(3);

        // partition 1 ends with offsets that carry no record (e.g. transaction markers): fed up to offset 2, the
        // consumer's position passes the end, and its lag of 0 says so
        for (int offset = 0; offset < 3; offset++) {
            binding.accept(record(TOPIC, 1, offset, good(offset)));
        }
        binding.updateLag(consumer);
        assertThat(binding.isHeld(1)).as("position 0 of end 4").isFalse();
        consumer.seek(tp1, 4);
        binding.updateLag(consumer);
        assertThat(binding.heldPartitions()).containsExactly(0, 1);

        binding.revoked(List.of(tp0));
        assertThat(binding.heldPartitions()).containsExactly(1);
        binding.assigned(List.of(tp0), consumer);
        assertThat(binding.heldPartitions()).as("assigned again: replays from 0 to 9").containsExactly(1);

        // a partition that starts at its end (nothing to replay) is held at once
        TopicPartition tp2 = new TopicPartition(TOPIC, 2);
        consumer.updateEndOffsets(Map.of(tp2, 0L));
        binding.assigned(List.of(tp2), consumer);
        assertThat(binding.heldPartitions()).containsExactly(1, 2);
        assertThatThrownBy(() -> binding.isHeld(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("partition 3");
    }

    @Test
    void eventsHeldBeforeTheBindingLeaveUntilTheirPartitionIsAssigned() {
        EventStore<Reading> store = Reading.store("orders", 2, 10).create();
        store.restorePartition(1, List.of(Reading.of("s", 1, 1)), 0, java.util.OptionalLong.of(0)); // e.g. restore()
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER).build();
        assertThat(store.count()).isZero();
        assertThat(binding.assignedPartitions()).isEmpty();
    }

    @Test
    void aBindingNeedsAnExternallyFedStoreAndClaimsItsOnlyFeed() {
        EventStore<Reading> plain = EventStore.<Reading>builder().withPartitions(1).create();
        assertThatThrownBy(() -> KafkaStoreBinding.builder(plain, TOPIC, Reading.DECODER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("externally fed");
        EventStore<Reading> store = Reading.store("orders", 1, 10).create();
        KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER).build();
        assertThatThrownBy(() -> KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("claimed already");
    }

    @Test
    void withoutATimestampSelectorEachEventTakesItsRecordsTimestampAndARecordWithoutOneIsSkipped() {
        EventStore<Reading> store = Reading.storeOfRecordTimestamps("orders", 1, 10).create();
        List<String> dead = new ArrayList<>();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, TOPIC, Reading.DECODER)
                .replay(Replay.EARLIEST).deadLetter((r, reason, cause) -> dead.add(r.offset() + ":" + reason.tag()))
                .build();
        binding.assigned(List.of(new TopicPartition(TOPIC, 0)), consumer(1, 0, 0));
        long t = 1_600_000_000_000L; // not the readings' own timestamps (good() puts 1_700_000_000_000 + value there)
        assertThat(binding.accept(timestamped(0, t, good(1)))).isTrue();
        assertThat(binding.accept(record(TOPIC, 0, 1, good(2)))).as("NO_TIMESTAMP").isFalse();
        assertThat(binding.accept(timestamped(2, t + 2_000, good(3)))).isTrue();
        assertThat(dead).containsExactly("1:missing-timestamp");
        assertThat(binding.skipped()).containsExactlyEntriesOf(Map.of(SkipReason.MISSING_TIMESTAMP, 1L));
        assertThat(binding.partitionStats(0).lastOffset()).isEqualTo(2);
        assertThat(store.copyPartition(0)).extracting(Reading::offset).containsExactly(0L, 2L);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + 1_000)).sum()).isEqualTo(1);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(t + 2_000), Instant.ofEpochMilli(t + 3_000)).sum())
                .isEqualTo(3);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + 3_000)).count())
                .isEqualTo(2);
    }

    private static ConsumerRecord<String, byte[]> timestamped(long offset, long timestamp, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, timestamp, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                1, value.length(), "k", value.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }

    @Test
    void thePublisherRoutesByTheStoresKeyWithTheEventsTimestamp() throws Exception {
        EventStore<Reading> store = Reading.store("orders", 8, 10).create();
        MockProducer<String, Reading> producer = new MockProducer<>(true, null, new StringSerializer(),
                Reading.SERIALIZER);
        EventStorePublisher<Reading> publisher = new EventStorePublisher<>(store, TOPIC, producer);
        for (int i = 0; i < 50; i++) {
            Reading r = Reading.of("sensor-" + i, i, 1_000L + i);
            publisher.publish(r).get(); // (MockProducer's acknowledgement does not echo the partition: see the broker test)
            ProducerRecord<String, Reading> sent = producer.history().get(i);
            assertThat(sent.key()).isEqualTo("sensor-" + i);
            assertThat(sent.partition()).isEqualTo(store.partitionFor("sensor-" + i));
            assertThat(sent.timestamp()).isEqualTo(1_000L + i);
        }
        publisher.publish("explicit", Reading.of("x", 1, 1)).get();
        assertThat(producer.history().get(50).partition()).isEqualTo(store.partitionFor("explicit"));
        assertThat(producer.history().get(50).key()).isEqualTo("explicit");

        // no key selector: spread round-robin
        EventStore<Reading> unkeyed = EventStore.<Reading>builder().withPartitions(3).withExternalFeed("u", "p").create();
        MockProducer<String, Reading> p2 = new MockProducer<>(true, null, new StringSerializer(), Reading.SERIALIZER);
        EventStorePublisher<Reading> spread = new EventStorePublisher<>(unkeyed, TOPIC, p2);
        for (int i = 0; i < 6; i++) {
            spread.publish(Reading.of("x", i, i)).get();
        }
        assertThat(p2.history()).extracting(ProducerRecord::partition).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(p2.history()).extracting(ProducerRecord::timestamp).containsOnlyNulls();

        // a failed send fails the future
        MockProducer<String, Reading> failing = new MockProducer<>(false, null, new StringSerializer(),
                Reading.SERIALIZER);
        CompletableFuture<PublishResult> pending = new EventStorePublisher<>(store, TOPIC, failing)
                .publish(Reading.of("s", 1, 1));
        failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        assertThatThrownBy(pending::get).isInstanceOf(ExecutionException.class).hasMessageContaining("broker gone");
    }
}
