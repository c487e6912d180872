package dev.lockfree.eventstore.boot.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.lockfree.eventstore.codec.EventCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshot codec writing each event as JSON (Jackson 3): a 4-byte length, then the UTF-8 JSON bytes.
 * The codec {@link #name()} carries the event class name, which the snapshot format records and checks
 * before any event is decoded, so a snapshot of another class is refused on restore. Decoding bounds
 * the length before allocating.
 */
public final class JacksonEventCodec<E> implements EventCodec<E> {

    /** Largest encoded event accepted on decode. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    private static final String PREFIX = "jackson-json:";

    private final JsonMapper mapper;
    private final Class<E> eventType;
    private final String name;

    public JacksonEventCodec(JsonMapper mapper, Class<E> eventType) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.name = PREFIX + eventType.getName();
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("Class name too long for a codec name: " + eventType.getName());
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Class<E> eventType() {
        return eventType;
    }

    @Override
    public void encode(E event, DataOutput out) throws IOException {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IOException("Cannot write " + eventType.getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        out.writeInt(json.length);
        out.write(json);
    }

    @Override
    public E decode(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_EVENT_BYTES) {
            throw new IOException("Malformed event: length " + length + " outside 0.." + MAX_EVENT_BYTES);
        }
        byte[] json = new byte[length];
        in.readFully(json);
        try {
            return mapper.readValue(json, eventType);
        } catch (JacksonException e) {
            throw new IOException("Cannot read " + eventType.getName() + " from JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event as the bare UTF-8 JSON that {@link #encode} frames: the value of a Kafka record of a Kafka-fed
     * store, so that its topic and its snapshots hold the same JSON.
     *
     * @throws IllegalArgumentException when Jackson cannot write the event
     */
    public byte[] toJson(E event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write " + eventType.getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event of bare UTF-8 JSON, as {@link #toJson} writes it.
     *
     * @throws IllegalArgumentException when the bytes are not JSON of the event type
     */
    public E fromJson(byte[] json) {
        try {
            return mapper.readValue(json, eventType);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot read " + eventType.getName() + " from JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
