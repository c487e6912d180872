package dev.lockfree.sample.dashboard.streams;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import dev.lockfree.eventstore.codec.EventCodec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A stream event's JSON body in a snapshot: its UTF-8 bytes, length-prefixed and bounded before allocation. */
final class JsonNodeCodec implements EventCodec<JsonNode> {

    private final JsonMapper json;
    private final int maxBytes;

    JsonNodeCodec(JsonMapper json, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    @Override
    public String name() {
        return "json-node";
    }

    @Override
    public void encode(JsonNode event, DataOutput out) throws IOException {
        byte[] bytes = json.writeValueAsBytes(event);
        if (bytes.length > maxBytes) {
            throw new IOException("Stream event of " + bytes.length + " bytes exceeds dashboard.streams.max-event-size ("
                    + maxBytes + " bytes)");
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public JsonNode decode(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new IOException("Stream event length " + length + " is outside [0, " + maxBytes + "]");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return json.readTree(bytes);
    }
}
