package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.StreamNames;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes a {@link StreamRecord} around the encoding of its event, so that a
 * {@link dev.lockfree.eventstore.snapshot.Snapshotter} can persist the store behind {@link EventStreams}:
 * stream name and key as length-prefixed ASCII (validated again on decode), version, timestamp, then the
 * event by the inner codec. The name is {@code lockfree.StreamRecord/1(<inner name>)}, so a snapshot is only
 * read back with the same inner encoding.
 */
public final class StreamRecordCodec<E> implements EventCodec<StreamRecord<E>> {

    private static final int MAX_CODEC_NAME_BYTES = 255;
    private static final String PREFIX = "lockfree.StreamRecord/1(";

    private final EventCodec<E> inner;
    private final String name;

    private StreamRecordCodec(EventCodec<E> inner) {
        this.inner = Objects.requireNonNull(inner, "inner codec must not be null");
        this.name = PREFIX + inner.name() + ")";
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_CODEC_NAME_BYTES) {
            throw new IllegalArgumentException("The inner codec name \"" + inner.name() + "\" is too long: "
                    + "wrapped as \"" + PREFIX + "...)\" it must stay within " + MAX_CODEC_NAME_BYTES + " UTF-8 bytes");
        }
    }

    public static <E> StreamRecordCodec<E> of(EventCodec<E> inner) {
        return new StreamRecordCodec<>(inner);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void encode(StreamRecord<E> record, DataOutput out) throws IOException {
        // Records appended to the store directly (not through EventStreams) could break the rules that
        // decode enforces: refuse to write a snapshot that could not be read back.
        String problem = StreamNames.problem(record.stream());
        if (problem == null && record.idempotencyKey() != null) {
            problem = storedKeyProblem(record.idempotencyKey());
        }
        if (problem != null) {
            throw new IOException("Cannot encode stream record: " + problem);
        }
        writeAscii(out, record.stream());
        out.writeLong(record.version());
        out.writeLong(record.timestamp());
        String key = record.idempotencyKey();
        out.writeBoolean(key != null);
        if (key != null) {
            writeAscii(out, key);
        }
        inner.encode(record.event(), out);
    }

    @Override
    public StreamRecord<E> decode(DataInput in) throws IOException {
        String stream = readAscii(in, StreamNames.MAX_LENGTH, "stream name");
        String problem = StreamNames.problem(stream);
        if (problem != null) {
            throw new IOException("Malformed stream record: " + problem);
        }
        long version = in.readLong();
        if (version < 0) {
            throw new IOException("Malformed stream record of stream " + StreamNames.describe(stream)
                    + ": negative version " + version);
        }
        long timestamp = in.readLong();
        String key = null;
        if (in.readBoolean()) {
            key = readAscii(in, IdempotencyKeys.MAX_LENGTH, "idempotency key");
            String keyProblem = storedKeyProblem(key);
            if (keyProblem != null) {
                throw new IOException("Malformed stream record of stream " + StreamNames.describe(stream) + ": "
                        + keyProblem);
            }
        }
        E event = inner.decode(in);
        if (event == null) {
            throw new IOException("Malformed stream record of stream " + StreamNames.describe(stream)
                    + ": the inner codec " + inner.name() + " decoded null");
        }
        return new StreamRecord<>(stream, version, timestamp, key, event);
    }

    /**
     * The key rule of {@link IdempotencyKeys} except its ban of a leading or trailing space: that ban came later
     * than the snapshot format, so snapshots may hold such keys, and a restore (or the next snapshot of what was
     * restored) must not fail on them. Appends still refuse them.
     */
    static String storedKeyProblem(String key) {
        String problem = IdempotencyKeys.problem(key);
        if (problem == null || key.isEmpty()) {
            return problem;
        }
        char[] chars = key.toCharArray();
        if (chars[0] == ' ') {
            chars[0] = 'x';
        }
        if (chars[chars.length - 1] == ' ') {
            chars[chars.length - 1] = 'x';
        }
        return IdempotencyKeys.problem(new String(chars)) == null ? null : problem;
    }

    /** Names and keys are ASCII by their rules: one length byte, then the bytes. */
    private static void writeAscii(DataOutput out, String value) throws IOException {
        out.writeByte(value.length());
        for (int i = 0; i < value.length(); i++) {
            out.writeByte(value.charAt(i));
        }
    }

    private static String readAscii(DataInput in, int maxLength, String what) throws IOException {
        int length = in.readUnsignedByte();
        if (length > maxLength) {
            throw new IOException("Malformed stream record: " + what + " of " + length + " bytes, the maximum is "
                    + maxLength);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return name;
    }
}
