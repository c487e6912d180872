package dev.lockfree.eventstore.snapshot;

import java.nio.ByteBuffer;

/** Edits a snapshot file and re-seals its checksums, so that only the semantic checks can catch the edit. */
final class Tamper {

    // offsets of the v1 layout, see SnapshotFormat
    static final int FORMAT_VERSION = 4;
    static final int HEADER_LENGTH = 6;
    static final int COMPRESSION = 8;
    static final int EVENT_COUNT = 49;
    static final int RAW_PAYLOAD_LENGTH = 53;
    static final int PAYLOAD_LENGTH = 61;
    static final int STORE_NAME_LENGTH = 73;

    private final byte[] bytes;

    private Tamper(byte[] file) {
        this.bytes = file.clone();
    }

    static Tamper of(byte[] file) {
        return new Tamper(file);
    }

    Tamper putShort(int offset, int value) {
        ByteBuffer.wrap(bytes).putShort(offset, (short) value);
        return this;
    }

    Tamper putInt(int offset, int value) {
        ByteBuffer.wrap(bytes).putInt(offset, value);
        return this;
    }

    Tamper putLong(int offset, long value) {
        ByteBuffer.wrap(bytes).putLong(offset, value);
        return this;
    }

    Tamper put(int offset, byte value) {
        bytes[offset] = value;
        return this;
    }

    int headerLength() {
        return Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(HEADER_LENGTH));
    }

    /** Recomputes the payload CRC (over the bytes between header and footer), then the header CRC. */
    byte[] sealed() {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int hl = headerLength();
        if (hl + 4 <= bytes.length && hl >= 77) {
            b.putInt(69, SnapshotFormat.crc32c(bytes, hl, bytes.length - hl - 4));
        }
        return headerSealed();
    }

    /** Recomputes only the header CRC. */
    byte[] headerSealed() {
        int hl = headerLength();
        if (hl >= 12 && hl <= bytes.length) {
            ByteBuffer.wrap(bytes).putInt(hl - 4, SnapshotFormat.crc32c(bytes, 0, hl - 4));
        }
        return bytes.clone();
    }

    byte[] raw() {
        return bytes.clone();
    }
}
