package dev.lockfree.eventstore.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A snapshot file read front to back through one fixed-size buffer, so that validating or decoding a file costs
 * the same memory whatever its size (reading it whole cost a byte per byte, twice). In the payload region it is
 * an {@link InputStream} that ends at the payload's end and checksums the payload as it goes, block by block.
 */
final class SnapshotFileInput extends InputStream {

    private static final int BUFFER = 64 * 1024;

    private final SnapshotStorage.ReadableFile file;
    private final long size;
    private final String source;
    private final byte[] buffer;
    private final ByteBuffer window;
    /** File offset of {@code buffer[0]}. */
    private long bufferStart;
    private int position;
    private int limit;
    private long payloadStart = -1;
    private long payloadEnd = -1;
    /** File offset up to which the payload has been checksummed. */
    private long checksummed;
    private final CRC32C crc = new CRC32C();

    SnapshotFileInput(SnapshotStorage.ReadableFile file, long size, String source) {
        this.file = file;
        this.size = size;
        this.source = source;
        this.buffer = new byte[(int) Math.min(BUFFER, Math.max(size, 16))];
        this.window = ByteBuffer.wrap(buffer);
    }

    private long offset() {
        return bufferStart + position;
    }

    /** Refills the buffer; false at the end of the file's {@code size} bytes. */
    private boolean fill() throws IOException {
        bufferStart += limit;
        position = 0;
        limit = 0;
        long left = size - bufferStart;
        if (left <= 0) {
            return false;
        }
        window.clear().limit((int) Math.min(buffer.length, left));
        while (window.hasRemaining()) {
            if (file.read(window) < 0) {
                break;
            }
        }
        limit = window.position();
        if (limit == 0) {
            throw new CorruptSnapshotException(source, "file ends at " + bufferStart + " bytes, " + size
                    + " expected (truncated while reading?)");
        }
        checksumBuffered();
        return true;
    }

    private void checksumBuffered() {
        if (payloadStart < 0) {
            return;
        }
        long from = Math.max(checksummed, Math.max(payloadStart, bufferStart));
        long to = Math.min(payloadEnd, bufferStart + limit);
        if (to > from) {
            crc.update(buffer, (int) (from - bufferStart), (int) (to - from));
            checksummed = to;
        }
    }

    /** Reads exactly {@code length} bytes (outside the payload). */
    void readFully(byte[] dst, int off, int length) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new CorruptSnapshotException(source, "unexpected end of file at " + offset() + " bytes");
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, dst, off, n);
            position += n;
            off += n;
            length -= n;
        }
    }

    /** The next {@code length} bytes are the payload: reads end there, and they are checksummed. */
    void beginPayload(long length) {
        payloadStart = offset();
        payloadEnd = payloadStart + length;
        checksummed = payloadStart;
        crc.reset();
        checksumBuffered();
    }

    /** Payload bytes not read yet. */
    long payloadLeft() {
        return payloadEnd - offset();
    }

    /** Moves past the rest of the payload (checksumming it). */
    void skipPayload() throws IOException {
        long left;
        while ((left = payloadLeft()) > 0) {
            if (position == limit && !fill()) {
                throw new CorruptSnapshotException(source, "unexpected end of file in the payload");
            }
            position += (int) Math.min(left, limit - position);
        }
    }

    /** CRC32C of the payload; complete once all of it has been read or skipped. */
    int payloadCrc() {
        return (int) crc.getValue();
    }

    @Override
    public int read() throws IOException {
        if (payloadLeft() <= 0 || (position == limit && !fill())) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long left = payloadLeft();
        if (left <= 0 || (position == limit && !fill())) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, left), limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(limit - position, Math.max(0, payloadLeft()));
    }
}
