package dev.lockfree.eventstore.boot.kafka;

import java.util.Objects;

import dev.lockfree.eventstore.boot.codec.JacksonEventCodec;
import dev.lockfree.eventstore.kafka.RecordDecoder;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record's value as JSON of the store's event type with the store's Jackson codec, the same JSON its
 * snapshots hold and its publisher writes. The record key is not read: the partition already says where the
 * event goes. A value that is not such JSON throws, and the binding skips the record as undecodable.
 */
public final class JsonRecordDecoder<T> implements RecordDecoder<T> {

    private final JacksonEventCodec<T> codec;

    public JsonRecordDecoder(JacksonEventCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public T decode(ConsumerRecord<?, byte[]> record) {
        return codec.fromJson(record.value());
    }

    @Override
    public String toString() {
        return "JsonRecordDecoder[" + codec + "]";
    }
}
