package dev.lockfree.eventstore.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.codec.EventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The test event: a sensor reading, as text {@code sensor|value|timestamp} on the topic. {@code offset} is not on
 * the wire: the decoder fills it from the record, so each stored event says which record it came from.
 */
record Reading(String sensor, long value, Long timestamp, long offset) {

    static final Serializer<Reading> SERIALIZER = (topic, r) -> r == null ? null
            : (r.sensor + "|" + r.value + "|" + (r.timestamp == null ? "" : r.timestamp)).getBytes(StandardCharsets.UTF_8);

    static final RecordDecoder<Reading> DECODER = record -> {
        String[] parts = new String(record.value(), StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected sensor|value|timestamp");
        }
        return new Reading(parts[0], Long.parseLong(parts[1]), parts[2].isEmpty() ? null : Long.parseLong(parts[2]),
                record.offset());
    };

    /** Snapshots keep the offset too, so a restored event still says which record it came from. */
    static final EventCodec<Reading> CODEC = new EventCodec<>() {
        @Override
        public String name() {
            return "test.Reading/1";
        }

        @Override
        public void encode(Reading r, DataOutput out) throws IOException {
            out.writeUTF(r.sensor());
            out.writeLong(r.value());
            out.writeLong(r.timestamp());
            out.writeLong(r.offset());
        }

        @Override
        public Reading decode(DataInput in) throws IOException {
            return new Reading(in.readUTF(), in.readLong(), in.readLong(), in.readLong());
        }
    };

    static Reading of(String sensor, long value, long timestamp) {
        return new Reading(sensor, value, timestamp, -1);
    }

    static EventStoreBuilder<Reading> store(String name, int partitions, int capacity) {
        return EventStore.<Reading>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withKeySelector(Reading::sensor).withTimestampSelector(Reading::timestamp)
                .withValueSelector(Reading::value).withWindow(Duration.ofMinutes(5), Duration.ofSeconds(1))
                .withExternalFeed(name, "EventStorePublisher '" + name + "EventPublisher'");
    }

    /** {@link #store} without a timestamp selector: it takes each event's timestamp from its record. */
    static EventStoreBuilder<Reading> storeOfRecordTimestamps(String name, int partitions, int capacity) {
        return EventStore.<Reading>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withKeySelector(Reading::sensor).withValueSelector(Reading::value)
                .withWindow(Duration.ofMinutes(5), Duration.ofSeconds(1))
                .withExternalFeed(name, "EventStorePublisher '" + name + "EventPublisher'");
    }
}
