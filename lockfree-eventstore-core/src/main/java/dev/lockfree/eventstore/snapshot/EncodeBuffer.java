package dev.lockfree.eventstore.snapshot;

import java.io.DataOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte array that a codec writes into directly, kept from one snapshot to the next so that writing
 * a snapshot allocates nothing per event: {@link java.io.DataOutputStream} over a {@code ByteArrayOutputStream}
 * cost a doubling copy chain plus a final copy per snapshot, about seven bytes allocated per byte written.
 *
 * <p>It refuses to grow past a limit (so a huge snapshot fails instead of exhausting memory), remembers that a
 * write went past it (so a codec that swallows the exception cannot produce a cut-off event), and can drop the
 * bytes of an event that failed half-way. Big-endian, exactly as {@link DataOutput} specifies. Not thread-safe:
 * one snapshot at a time.
 */
final class EncodeBuffer extends OutputStream implements DataOutput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int INITIAL = 8192;

    private byte[] bytes = new byte[INITIAL];
    private int count;
    private int limit;
    private String what = "";
    /** Set once a write went past the limit, whatever the writer did with the exception. */
    private IOException overflow;

    /**
     * Starts a new use: empties the buffer (keeping its array) and reserves {@code start} bytes at the front
     * (for a header written afterwards); at most {@code limit} bytes may follow them.
     */
    void reset(int start, int limit, String what) {
        if (start > bytes.length) {
            bytes = new byte[Math.max(start, INITIAL)];
        }
        this.count = start;
        this.limit = (int) Math.min(Integer.MAX_VALUE - 16, (long) start + limit);
        this.what = what + " exceeds the limit of " + limit + " bytes";
        this.overflow = null;
    }

    /** The array holding the bytes; valid up to {@link #size()} until the next write or reset. */
    byte[] array() {
        return bytes;
    }

    int size() {
        return count;
    }

    /** Drops everything written after {@code size} (the bytes of an event the codec failed on). */
    void truncate(int size) {
        count = size;
    }

    /** Throws the limit's exception if any write since the last reset went past the limit. */
    void checkLimit() throws IOException {
        if (overflow != null) {
            throw overflow;
        }
    }

    /** Bytes kept between snapshots: the size of the largest snapshot written through this buffer. */
    int retainedBytes() {
        return bytes.length;
    }

    private int claim(int more) throws IOException {
        int at = count;
        if ((long) at + more > limit) {
            overflow = new IOException("The " + what);
            throw overflow;
        }
        if (at + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * bytes.length, (long) at + more)));
        }
        count = at + more;
        return at;
    }

    /** Appends an int whatever the limit: a footer that the caller has already counted against its own limit. */
    void appendPastLimit(int v) {
        if (count + 4 > bytes.length) {
            bytes = Arrays.copyOf(bytes, count + 4);
        }
        INT.set(bytes, count, v);
        count += 4;
    }

    @Override
    public void write(int b) throws IOException {
        int at = claim(1); // before reading the field: claim may replace the array
        bytes[at] = (byte) b;
    }

    @Override
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int at = claim(len);
        System.arraycopy(b, off, bytes, at, len);
    }

    @Override
    public void writeBoolean(boolean v) throws IOException {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) throws IOException {
        write(v);
    }

    @Override
    public void writeShort(int v) throws IOException {
        int at = claim(2);
        SHORT.set(bytes, at, (short) v);
    }

    @Override
    public void writeChar(int v) throws IOException {
        int at = claim(2);
        SHORT.set(bytes, at, (short) v);
    }

    @Override
    public void writeInt(int v) throws IOException {
        int at = claim(4);
        INT.set(bytes, at, v);
    }

    @Override
    public void writeLong(long v) throws IOException {
        int at = claim(8);
        LONG.set(bytes, at, v);
    }

    @Override
    public void writeFloat(float v) throws IOException {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) throws IOException {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) throws IOException {
        int at = claim(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[at + i] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) throws IOException {
        int at = claim(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
            SHORT.set(bytes, at + 2 * i, (short) s.charAt(i));
        }
    }

    /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutputStream#writeUTF} writes it. */
    @Override
    public void writeUTF(String s) throws IOException {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        if (length > 0xFFFF) {
            throw new UTFDataFormatException("encoded string too long: " + length + " bytes");
        }
        int at = claim(2 + (int) length);
        SHORT.set(bytes, at, (short) length);
        int p = at + 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                bytes[p++] = (byte) c;
            } else if (c <= 0x07FF) {
                bytes[p++] = (byte) (0xC0 | c >> 6 & 0x1F);
                bytes[p++] = (byte) (0x80 | c & 0x3F);
            } else {
                bytes[p++] = (byte) (0xE0 | c >> 12 & 0x0F);
                bytes[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }
}
