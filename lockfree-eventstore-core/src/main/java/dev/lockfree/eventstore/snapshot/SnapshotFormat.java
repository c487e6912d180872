package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.codec.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The binary snapshot file format, versions 1 to 3. All numbers are big-endian.
 *
 * <pre>
 * offset size  field
 *  0      4    magic            0x4C464553 "LFES"
 *  4      2    formatVersion    1
 *  6      2    headerLength     bytes from offset 0 to the end of headerCrc32c
 *  8      1    compression      0 = none, 1 = GZIP (of the payload only)
 *  9      4    schemaVersion    the caller's event schema version
 * 13      4    partition
 * 17      8    firstSequence
 * 25      8    lastSequence
 * 33      8    epoch
 * 41      8    takenAtMillis
 * 49      4    eventCount       events in the payload: fewer than the sequence range when events were skipped
 * 53      8    rawPayloadLength payload length before compression
 * 61      8    payloadLength    stored payload length (== raw length when not compressed)
 * 69      4    payloadCrc32c    CRC32C of the stored payload
 * 73      1+n  storeName        unsigned byte length + ASCII
 *  .      1+n  codecName        unsigned byte length + UTF-8
 *  .      1    flags            version 3 only: bit 0 = sourcePosition follows, bit 1 = event timestamps (set)
 *  .      8    sourcePosition   version 2, and 3 with flag bit 0: source position (e.g. Kafka offset) of the newest
 *                               event, >= 0
 *  .      4    headerCrc32c     CRC32C of bytes [0, headerLength - 4)
 *  .      n    payload          eventCount events written by the codec; in version 3 followed by eventCount
 *                               timestamps (8 bytes each, epoch millis >= 0), one per event in the same order
 *  end-4  4    footerMagic      ~magic: a cheap "was the file cut short" check
 * </pre>
 *
 * <p>Version 2 differs from version 1 only by {@code sourcePosition}. A snapshot without a source position is
 * written as version 1, so stores that are not externally fed keep writing files that older readers accept,
 * and version 1 files read as snapshots without one. Version 3 adds the timestamp of each event, for a store that
 * takes them from its feed ({@link PartitionSnapshot#eventTimestamps()}); it is written only for a snapshot that
 * carries them, so every other snapshot stays a version 1 or 2 file. The timestamps are part of the payload:
 * compressed with it and covered by its checksum and lengths.
 *
 * <p>The first 8 bytes and "the header CRC is the last 4 bytes of the header" are the same in every version,
 * so a reader can tell an intact newer file ("too new, upgrade") from a corrupt one. Every field restore
 * trusts is covered by a checksum, and every length is checked against the bytes actually present and against
 * the configured limits before anything is allocated.
 */
public final class SnapshotFormat {

    public static final int MAGIC = 0x4C464553;
    public static final int FOOTER_MAGIC = ~MAGIC;
    /**
     * The newest version this class reads; it writes version 1 unless a snapshot has a source position (2) or event
     * timestamps (3).
     */
    public static final int FORMAT_VERSION = 3;
    static final int FORMAT_VERSION_WITH_SOURCE_POSITION = 2;
    static final int FORMAT_VERSION_WITH_EVENT_TIMESTAMPS = 3;
    static final int FLAG_SOURCE_POSITION = 1;
    static final int FLAG_EVENT_TIMESTAMPS = 2;

    public static final int DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;
    public static final int DEFAULT_MAX_EVENTS = 10_000_000;

    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_GZIP = 1;
    static final int FIXED_FIELDS_END = 73;
    private static final int PREFIX = 8; // magic, formatVersion, headerLength
    private static final int CRC = 4;
    private static final int FOOTER = 4;
    private static final int MIN_V1_HEADER = FIXED_FIELDS_END + 1 + 1 + 1 + CRC;
    private static final int MAX_CODEC_NAME_BYTES = 255;

    private static final SnapshotFormat DEFAULTS =
            new SnapshotFormat(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_EVENTS);

    private final int maxFileBytes;
    private final int maxPayloadBytes;
    private final int maxEvents;

    private SnapshotFormat(int maxFileBytes, int maxPayloadBytes, int maxEvents) {
        this.maxFileBytes = maxFileBytes;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxEvents = maxEvents;
    }

    /** Limits of 256 MiB per file, 512 MiB of uncompressed payload and 10 000 000 events. */
    public static SnapshotFormat defaults() {
        return DEFAULTS;
    }

    /**
     * A format with other limits. They apply when writing too, so a snapshot that could not be read back is
     * never written.
     */
    public static SnapshotFormat withLimits(int maxFileBytes, int maxPayloadBytes, int maxEvents) {
        if (maxFileBytes < MIN_V1_HEADER + FOOTER) {
            throw new IllegalArgumentException("maxFileBytes must be >= " + (MIN_V1_HEADER + FOOTER) + ": " + maxFileBytes);
        }
        if (maxPayloadBytes < 0 || maxPayloadBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxPayloadBytes must be in [0, " + (Integer.MAX_VALUE - 16) + "]: "
                    + maxPayloadBytes);
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0: " + maxEvents);
        }
        return new SnapshotFormat(Math.min(maxFileBytes, Integer.MAX_VALUE - 16), maxPayloadBytes, maxEvents);
    }

    public int maxFileBytes() {
        return maxFileBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public int maxEvents() {
        return maxEvents;
    }

    /** The validated header of a snapshot file. */
    public record Header(int formatVersion, int headerLength, boolean compressed, int schemaVersion,
            String storeName, int partition, long firstSequence, long lastSequence, long epoch,
            long takenAtMillis, int eventCount, long rawPayloadLength, long payloadLength, String codecName,
            java.util.OptionalLong sourcePosition, boolean eventTimestamps) {

        /** A header without event timestamps (format version 1 or 2). */
        public Header(int formatVersion, int headerLength, boolean compressed, int schemaVersion, String storeName,
                      int partition, long firstSequence, long lastSequence, long epoch, long takenAtMillis,
                      int eventCount, long rawPayloadLength, long payloadLength, String codecName,
                      java.util.OptionalLong sourcePosition) {
            this(formatVersion, headerLength, compressed, schemaVersion, storeName, partition, firstSequence,
                    lastSequence, epoch, takenAtMillis, eventCount, rawPayloadLength, payloadLength, codecName,
                    sourcePosition, false);
        }

        /** A header without a source position (format version 1). */
        public Header(int formatVersion, int headerLength, boolean compressed, int schemaVersion, String storeName,
                      int partition, long firstSequence, long lastSequence, long epoch, long takenAtMillis,
                      int eventCount, long rawPayloadLength, long payloadLength, String codecName) {
            this(formatVersion, headerLength, compressed, schemaVersion, storeName, partition, firstSequence,
                    lastSequence, epoch, takenAtMillis, eventCount, rawPayloadLength, payloadLength, codecName,
                    java.util.OptionalLong.empty());
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** The bytes of one snapshot file and the events left out of it (a record over an array: no value equality). */
    public record Encoded(byte[] file, List<SkippedEvent> skipped) {

        public Encoded {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Encodes a snapshot into the bytes of one file, strictly: the first event the codec fails on fails the
     * whole snapshot.
     *
     * @throws IOException when the codec fails or the snapshot exceeds this format's limits
     */
    public <E> byte[] encode(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress) throws IOException {
        return encode(snapshot, codec, compress, false).file();
    }

    /**
     * Encodes a snapshot into the bytes of one file, leaving out each event on which the codec throws an
     * {@link IOException} or a {@link RuntimeException}, so that one event a codec cannot handle does not make
     * its partition unpersistable. Each event is encoded into the payload on its own: a failing event leaves
     * no partial bytes behind, and the header's {@code eventCount} counts the events written. The header keeps
     * the snapshot's first and last sequence, so its range then holds more sequences than the file holds
     * events; restore continues the partition after {@code lastSequence} as always.
     *
     * <p>Still failures, not skips: the format's limits (an event that would take the payload past
     * {@link #maxPayloadBytes()} fails the snapshot even if the codec catches the limit's exception), and a
     * codec that fails on every event of a snapshot of two or more: that codec is broken rather than the
     * events, and replacing the older snapshots by an empty one would lose them.
     *
     * @throws IOException when the snapshot exceeds this format's limits or the codec fails on every event
     */
    public <E> Encoded encodeSkippingFailures(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
            throws IOException {
        return encode(snapshot, codec, compress, true);
    }

    private <E> Encoded encode(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress,
                               boolean skipFailures) throws IOException {
        EncodedFile file = encodeInto(snapshot, codec, compress, skipFailures, new Buffers());
        return new Encoded(java.util.Arrays.copyOf(file.array(), file.length()), file.skipped());
    }

    /**
     * The buffers one snapshot is encoded into, kept for the next one: the file (header, payload, footer) and,
     * when compressing, the uncompressed payload. They grow to the largest snapshot encoded through them and
     * stay that size. Not thread-safe: one encoding at a time.
     */
    static final class Buffers {
        final EncodeBuffer file = new EncodeBuffer();
        final EncodeBuffer raw = new EncodeBuffer();

        /** Bytes these buffers keep between snapshots. */
        long retainedBytes() {
            return (long) file.retainedBytes() + raw.retainedBytes();
        }
    }

    /**
     * An encoded file: bytes {@code [0, length)} of {@code array}, which belongs to the {@link Buffers} it was
     * encoded into and is valid until they are used again.
     */
    record EncodedFile(byte[] array, int length, List<SkippedEvent> skipped) {
    }

    /**
     * Encodes a snapshot into reusable buffers: the codec writes each event straight into the file's buffer
     * behind the space reserved for the header, which is filled in last. Allocates nothing per event (a
     * skipped event aside); the file's bytes are the same as {@link #encode} gives.
     */
    <E> EncodedFile encodeInto(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress,
                               boolean skipFailures, Buffers buffers) throws IOException {
        byte[] codecName = codecNameBytes(codec);
        if (snapshot.eventCount() > maxEvents) {
            throw new IOException("Snapshot of " + describe(snapshot) + " has " + snapshot.eventCount()
                    + " events, more than the limit of " + maxEvents);
        }
        byte[] storeName = snapshot.storeName().getBytes(StandardCharsets.US_ASCII);
        boolean withPosition = snapshot.sourcePosition().isPresent();
        boolean withTimestamps = snapshot.hasEventTimestamps();
        int headerLength = FIXED_FIELDS_END + 1 + storeName.length + 1 + codecName.length + (withTimestamps ? 1 : 0)
                + (withPosition ? 8 : 0) + CRC;
        EncodeBuffer file = buffers.file;
        // uncompressed, the codec writes the payload in place; compressed, into raw, then GZIP into the file
        EncodeBuffer raw = compress ? buffers.raw : file;
        raw.reset(compress ? 0 : headerLength, maxPayloadBytes, "uncompressed payload of " + describe(snapshot));
        int rawStart = raw.size();
        List<SkippedEvent> skipped = List.of();
        List<E> events = snapshot.events();
        for (int i = 0; i < events.size(); i++) {
            int mark = raw.size();
            try {
                codec.encode(events.get(i), raw);
            } catch (IOException | RuntimeException e) {
                raw.checkLimit(); // the format's limit, maybe wrapped by the codec: never a skip
                if (!skipFailures) {
                    throw e;
                }
                raw.truncate(mark);
                if (skipped.isEmpty()) {
                    skipped = new ArrayList<>(1);
                }
                skipped.add(new SkippedEvent(i, e));
                continue;
            }
            raw.checkLimit(); // a codec that swallowed the limit's exception wrote a cut-off event
        }
        if (skipped.size() == events.size() && events.size() >= 2) {
            Exception first = skipped.get(0).error();
            throw new IOException("The codec " + codec.name() + " failed on all " + events.size() + " events of "
                    + describe(snapshot) + ", so the codec is taken to be broken rather than the events, and the "
                    + "older snapshots are kept; the first failure: " + first, first);
        }
        int eventCount = events.size() - skipped.size();
        if (withTimestamps) {
            long[] timestamps = snapshot.eventTimestamps().get().array();
            int nextSkipped = 0;
            for (int i = 0; i < events.size(); i++) {
                if (nextSkipped < skipped.size() && skipped.get(nextSkipped).index() == i) {
                    nextSkipped++; // its event was left out: so is its timestamp
                    continue;
                }
                raw.writeLong(timestamps[i]);
            }
            raw.checkLimit();
        }
        long rawLength = raw.size() - rawStart;
        if (compress) {
            file.reset(headerLength, maxFileBytes, "compressed payload of " + describe(snapshot));
            try (GZIPOutputStream gzip = new GZIPOutputStream(file, 64 * 1024)) {
                gzip.write(raw.array(), 0, raw.size());
            }
            file.checkLimit();
        }
        int payloadLength = file.size() - headerLength;
        long total = (long) file.size() + FOOTER;
        if (total > maxFileBytes) {
            throw new IOException("Snapshot of " + describe(snapshot) + " would be " + total
                    + " bytes, more than the limit of " + maxFileBytes);
        }
        byte[] bytes = file.array();
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, headerLength);
        header.putInt(MAGIC)
                .putShort((short) (withTimestamps ? FORMAT_VERSION_WITH_EVENT_TIMESTAMPS
                        : withPosition ? FORMAT_VERSION_WITH_SOURCE_POSITION : 1))
                .putShort((short) headerLength)
                .put((byte) (compress ? COMPRESSION_GZIP : COMPRESSION_NONE))
                .putInt(snapshot.schemaVersion())
                .putInt(snapshot.partition())
                .putLong(snapshot.firstSequence())
                .putLong(snapshot.lastSequence())
                .putLong(snapshot.epoch())
                .putLong(snapshot.takenAt().toEpochMilli())
                .putInt(eventCount)
                .putLong(rawLength)
                .putLong(payloadLength)
                .putInt(crc32c(bytes, headerLength, payloadLength))
                .put((byte) storeName.length).put(storeName)
                .put((byte) codecName.length).put(codecName);
        if (withTimestamps) {
            header.put((byte) (FLAG_EVENT_TIMESTAMPS | (withPosition ? FLAG_SOURCE_POSITION : 0)));
        }
        if (withPosition) {
            header.putLong(snapshot.sourcePosition().getAsLong());
        }
        header.putInt(crc32c(bytes, 0, headerLength - CRC));
        file.appendPastLimit(FOOTER_MAGIC);
        return new EncodedFile(file.array(), file.size(), skipped);
    }

    private static byte[] codecNameBytes(EventCodec<?> codec) {
        String name = codec.name();
        if (name == null || name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Codec name must be non-empty without control characters: " + codec);
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (!new String(bytes, StandardCharsets.UTF_8).equals(name)) {
            // getBytes wrote '?' for an unpaired surrogate: restore would compare against another name
            throw new IllegalArgumentException("Codec name must not contain an unpaired surrogate: " + codec);
        }
        if (bytes.length > MAX_CODEC_NAME_BYTES) {
            throw new IllegalArgumentException("Codec name must be at most " + MAX_CODEC_NAME_BYTES + " UTF-8 bytes");
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Validates everything but the events: structure, limits, both checksums and the footer.
     *
     * @param source names the file in error messages (store, partition, file name)
     * @throws CorruptSnapshotException      when anything is wrong with the bytes
     * @throws IncompatibleSnapshotException when the file is intact but of a newer format version
     */
    public Header readHeader(byte[] file, String source) throws CorruptSnapshotException, IncompatibleSnapshotException {
        Header header = parseHeader(file, file.length, source);
        int size = file.length;
        if (ByteBuffer.wrap(file).getInt(size - FOOTER) != FOOTER_MAGIC) {
            throw new CorruptSnapshotException(source, "bad footer magic (truncated or extended)");
        }
        if (payloadCrc(file, header) != crc32c(file, header.headerLength(), (int) header.payloadLength())) {
            throw new CorruptSnapshotException(source, "payload checksum mismatch");
        }
        return header;
    }

    /** The payload checksum stored in a header that {@link #parseHeader} validated. */
    private static int payloadCrc(byte[] head, Header header) {
        return ByteBuffer.wrap(head).getInt(FIXED_FIELDS_END - 4);
    }

    /**
     * The checks of the first {@value #PREFIX} bytes: size, magic and that the header fits.
     *
     * @return the header length
     */
    private int checkPrefix(byte[] head, long size, String source) throws CorruptSnapshotException {
        if (size == 0) {
            throw new CorruptSnapshotException(source, "empty file (0 bytes)");
        }
        if (size > maxFileBytes) {
            throw new CorruptSnapshotException(source, "file is " + size + " bytes, more than the limit of " + maxFileBytes);
        }
        if (size < PREFIX) {
            throw new CorruptSnapshotException(source, "file is too short for a header (" + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(head);
        int magic = buf.getInt(0);
        if (magic != MAGIC) {
            throw new CorruptSnapshotException(source, String.format("bad magic 0x%08X (expected 0x%08X)", magic, MAGIC));
        }
        int headerLength = Short.toUnsignedInt(buf.getShort(6));
        if (headerLength < PREFIX + CRC || (long) headerLength + FOOTER > size) {
            throw new CorruptSnapshotException(source, "header length " + headerLength
                    + " does not fit in a file of " + size + " bytes (truncated?)");
        }
        return headerLength;
    }

    /**
     * Validates the header, given its bytes (at least {@code headerLength} of them) and the file's size: everything
     * but the footer and the payload checksum.
     */
    private Header parseHeader(byte[] head, long size, String source)
            throws CorruptSnapshotException, IncompatibleSnapshotException {
        int headerLength = checkPrefix(head, size, source);
        ByteBuffer buf = ByteBuffer.wrap(head);
        int formatVersion = Short.toUnsignedInt(buf.getShort(4));
        int storedHeaderCrc = buf.getInt(headerLength - CRC);
        if (storedHeaderCrc != crc32c(head, 0, headerLength - CRC)) {
            throw new CorruptSnapshotException(source, "header checksum mismatch");
        }
        // Only now is the version trustworthy: a flipped bit cannot pose as a "too new" file.
        if (formatVersion > FORMAT_VERSION) {
            throw new IncompatibleSnapshotException("Snapshot " + source + " has format version " + formatVersion
                    + ", newer than the newest supported version " + FORMAT_VERSION
                    + "; it was written by a newer lockfree-eventstore");
        }
        if (formatVersion < 1) {
            throw new CorruptSnapshotException(source, "format version " + formatVersion + " does not exist");
        }
        if (headerLength < MIN_V1_HEADER) {
            throw new CorruptSnapshotException(source, "header length " + headerLength + " is below the minimum "
                    + MIN_V1_HEADER);
        }
        Header header;
        try {
            ByteBuffer h = ByteBuffer.wrap(head, 0, headerLength - CRC);
            h.position(PREFIX);
            int compression = h.get();
            int schemaVersion = h.getInt();
            int partition = h.getInt();
            long firstSequence = h.getLong();
            long lastSequence = h.getLong();
            long epoch = h.getLong();
            long takenAtMillis = h.getLong();
            int eventCount = h.getInt();
            long rawPayloadLength = h.getLong();
            long payloadLength = h.getLong();
            h.getInt(); // payload CRC, checked once the payload has been read
            String storeName = readShortString(h, StandardCharsets.US_ASCII);
            String codecName = readShortString(h, StandardCharsets.UTF_8);
            java.util.OptionalLong sourcePosition = java.util.OptionalLong.empty();
            boolean withPosition = formatVersion == FORMAT_VERSION_WITH_SOURCE_POSITION;
            boolean eventTimestamps = false;
            if (formatVersion >= FORMAT_VERSION_WITH_EVENT_TIMESTAMPS) {
                int flags = Byte.toUnsignedInt(h.get());
                if ((flags & ~(FLAG_SOURCE_POSITION | FLAG_EVENT_TIMESTAMPS)) != 0 || (flags & FLAG_EVENT_TIMESTAMPS) == 0) {
                    throw new CorruptSnapshotException(source, "unknown header flags " + flags);
                }
                withPosition = (flags & FLAG_SOURCE_POSITION) != 0;
                eventTimestamps = true;
            }
            if (withPosition) {
                long position = h.getLong();
                if (position < 0) {
                    throw new CorruptSnapshotException(source, "negative source position " + position);
                }
                sourcePosition = java.util.OptionalLong.of(position);
            }
            if (h.hasRemaining()) {
                throw new CorruptSnapshotException(source, h.remaining() + " unexpected bytes at the end of the header");
            }
            header = new Header(formatVersion, headerLength, compression == COMPRESSION_GZIP, schemaVersion, storeName,
                    partition, firstSequence, lastSequence, epoch, takenAtMillis, eventCount, rawPayloadLength,
                    payloadLength, codecName, sourcePosition, eventTimestamps);
            checkFields(header, compression, source);
            long expectedPayload = size - headerLength - FOOTER;
            if (payloadLength != expectedPayload) {
                throw new CorruptSnapshotException(source, "payload length " + payloadLength + " but the file holds "
                        + expectedPayload + " payload bytes (truncated or extended)");
            }
        } catch (BufferUnderflowException e) {
            throw new CorruptSnapshotException(source, "header fields run past the header length " + headerLength, e);
        }
        return header;
    }

    /** A header validated from a file, with the header's bytes (to tell whether the file changed since). */
    record CheckedHeader(Header header, byte[] bytes) {
    }

    /**
     * Validates a whole file as {@link #readHeader(byte[], String)} does, streaming it through a fixed-size
     * buffer: the file is never held in memory, so validating (for restore and for retention) allocates the same
     * whatever the file's size.
     *
     * @throws CorruptSnapshotException      when anything is wrong with the bytes
     * @throws IncompatibleSnapshotException when the file is intact but of a newer format version
     * @throws IOException                   when the file cannot be read
     */
    CheckedHeader readHeader(SnapshotStorage.ReadableFile file, String source) throws IOException {
        long size = file.size();
        if (size == 0 || size > maxFileBytes || size < PREFIX) {
            checkPrefix(new byte[PREFIX], size, source); // throws the message for the size
        }
        SnapshotFileInput in = new SnapshotFileInput(file, size, source);
        byte[] prefix = new byte[PREFIX];
        in.readFully(prefix, 0, PREFIX);
        int headerLength = checkPrefix(prefix, size, source);
        byte[] head = java.util.Arrays.copyOf(prefix, headerLength);
        in.readFully(head, PREFIX, headerLength - PREFIX);
        Header header = parseHeader(head, size, source);
        in.beginPayload(header.payloadLength());
        in.skipPayload();
        byte[] footer = new byte[FOOTER];
        in.readFully(footer, 0, FOOTER);
        if (ByteBuffer.wrap(footer).getInt() != FOOTER_MAGIC) {
            throw new CorruptSnapshotException(source, "bad footer magic (truncated or extended)");
        }
        if (payloadCrc(head, header) != in.payloadCrc()) {
            throw new CorruptSnapshotException(source, "payload checksum mismatch");
        }
        return new CheckedHeader(header, head);
    }

    /**
     * Decodes the events of a file that {@link #readHeader(SnapshotStorage.ReadableFile, String)} validated,
     * streaming: what this allocates is the events, the list holding them and a few fixed-size buffers.
     *
     * @param file the file, opened again (positioned at its start)
     * @throws CorruptSnapshotException      when the codec cannot decode the payload
     * @throws IncompatibleSnapshotException when the file was written by another codec
     * @throws IOException                   when the file cannot be read or changed since it was validated
     */
    <E> PartitionSnapshot<E> decodeEvents(CheckedHeader checked, SnapshotStorage.ReadableFile file, String source,
                                          EventCodec<E> codec) throws IOException {
        Header header = checked.header();
        checkCodec(header, source, codec);
        long size = file.size();
        SnapshotFileInput in = new SnapshotFileInput(file, size, source);
        byte[] head = new byte[header.headerLength()];
        in.readFully(head, 0, head.length);
        if (size != (long) header.headerLength() + header.payloadLength() + FOOTER
                || !java.util.Arrays.equals(head, checked.bytes())) {
            throw new IOException("Snapshot " + source + " changed while it was read");
        }
        in.beginPayload(header.payloadLength());
        PartitionSnapshot<E> snapshot = decodePayload(header, in, in::payloadLeft, source, codec);
        in.skipPayload();
        if (payloadCrc(head, header) != in.payloadCrc()) {
            throw new IOException("Snapshot " + source + " changed while it was read");
        }
        return snapshot;
    }

    private void checkFields(Header h, int compression, String source) throws CorruptSnapshotException {
        String problem = null;
        if (compression != COMPRESSION_NONE && compression != COMPRESSION_GZIP) {
            problem = "unknown compression " + compression;
        } else if (h.schemaVersion() < 1) {
            problem = "schema version " + h.schemaVersion() + " < 1";
        } else if (h.partition() < 0) {
            problem = "negative partition " + h.partition();
        } else if (h.firstSequence() < 0 || h.lastSequence() < h.firstSequence() - 1) {
            problem = "impossible sequence range [" + h.firstSequence() + ", " + h.lastSequence() + "]";
        } else if (h.epoch() < 0) {
            problem = "negative epoch " + h.epoch();
        } else if (h.takenAtMillis() < 0) {
            problem = "negative takenAt " + h.takenAtMillis();
        } else if (h.eventCount() < 0 || h.eventCount() > maxEvents) {
            problem = "event count " + h.eventCount() + " outside [0, " + maxEvents + "]";
        } else if (h.rawPayloadLength() < 0 || h.rawPayloadLength() > maxPayloadBytes) {
            problem = "uncompressed payload length " + h.rawPayloadLength() + " outside [0, " + maxPayloadBytes + "]";
        } else if (h.payloadLength() < 0) {
            problem = "negative payload length " + h.payloadLength();
        } else if (!h.compressed() && h.payloadLength() != h.rawPayloadLength()) {
            problem = "uncompressed payload with differing lengths " + h.payloadLength() + " and " + h.rawPayloadLength();
        } else if (!SnapshotNames.STORE_NAME.matcher(h.storeName()).matches()) {
            problem = "invalid store name in header";
        } else if (h.codecName().isEmpty()) {
            problem = "empty codec name";
        } else if (h.eventTimestamps() && h.rawPayloadLength() < 8L * h.eventCount()) {
            problem = "uncompressed payload length " + h.rawPayloadLength() + " cannot hold the timestamps of "
                    + h.eventCount() + " events";
        }
        if (problem != null) {
            throw new CorruptSnapshotException(source, problem);
        }
    }

    private static String readShortString(ByteBuffer h, java.nio.charset.Charset charset) {
        int length = Byte.toUnsignedInt(h.get());
        if (length > h.remaining()) {
            throw new BufferUnderflowException();
        }
        String s = new String(h.array(), h.arrayOffset() + h.position(), length, charset);
        h.position(h.position() + length);
        return s;
    }

    /**
     * Validates a whole file and decodes its events.
     *
     * @throws CorruptSnapshotException      when the file is damaged or the codec cannot decode its payload
     * @throws IncompatibleSnapshotException when it was written by another codec or in a newer format
     */
    public <E> PartitionSnapshot<E> decode(byte[] file, String source, EventCodec<E> codec) throws IOException {
        return decodeEvents(readHeader(file, source), file, source, codec);
    }

    /** Decodes the events of a file whose header {@link #readHeader} has validated. */
    public <E> PartitionSnapshot<E> decodeEvents(Header header, byte[] file, String source, EventCodec<E> codec)
            throws IOException {
        checkCodec(header, source, codec);
        ByteArrayInputStream payload = new ByteArrayInputStream(file, header.headerLength(), (int) header.payloadLength());
        return decodePayload(header, payload, payload::available, source, codec);
    }

    private static void checkCodec(Header header, String source, EventCodec<?> codec)
            throws IncompatibleSnapshotException {
        if (!header.codecName().equals(codec.name())) {
            throw new IncompatibleSnapshotException("Snapshot " + source + " was written with codec '"
                    + header.codecName() + "' and cannot be decoded with codec '" + codec.name() + "'");
        }
    }

    /**
     * Decodes {@code eventCount} events from the stored payload, inflating it on the fly when compressed (never
     * past the declared uncompressed length), into a list sized once.
     *
     * @param storedLeft the stored payload bytes not read yet
     */
    private <E> PartitionSnapshot<E> decodePayload(Header header, InputStream stored,
            java.util.function.LongSupplier storedLeft, String source, EventCodec<E> codec) throws IOException {
        BoundedInput raw = null;
        InputStream payload = stored;
        if (header.compressed()) {
            try {
                raw = new BoundedInput(new java.io.BufferedInputStream(new GZIPInputStream(stored, 8192), 8192),
                        header.rawPayloadLength());
            } catch (IOException | RuntimeException e) {
                throw new CorruptSnapshotException(source, "cannot inflate the compressed payload: " + e, e);
            }
            payload = raw;
        }
        DataInputStream in = new DataInputStream(payload);
        // eventCount is checksummed and bounded by maxEvents; an event takes at least a byte with every codec
        // that does not encode events as nothing, so the payload length bounds what a lying count can cost
        int count = header.eventCount();
        Object[] events = new Object[(int) Math.min(count, Math.max(16, header.rawPayloadLength()))];
        int i = 0;
        try {
            for (; i < count; i++) {
                E event = codec.decode(in);
                if (event == null) {
                    throw new IOException("the codec returned null");
                }
                if (i == events.length) {
                    events = java.util.Arrays.copyOf(events, (int) Math.min(count, 2L * events.length));
                }
                events[i] = event;
            }
        } catch (IOException | RuntimeException e) {
            // a codec (possibly user supplied) must not let a bad payload escape as anything but corruption
            throw new CorruptSnapshotException(source, "cannot decode event " + i + " of " + count + ": " + e, e);
        }
        java.util.Optional<EventTimestamps> timestamps = java.util.Optional.empty();
        if (header.eventTimestamps()) {
            // checkFields made sure the payload declares room for them; a codec that read into them leaves too few
            long[] millis = new long[count];
            try {
                for (int t = 0; t < count; t++) {
                    millis[t] = in.readLong();
                    if (millis[t] < 0) {
                        throw new CorruptSnapshotException(source, "negative timestamp " + millis[t] + " of event " + t);
                    }
                }
            } catch (CorruptSnapshotException e) {
                throw e;
            } catch (IOException e) {
                throw new CorruptSnapshotException(source, "cannot read the event timestamps: " + e, e);
            }
            timestamps = java.util.Optional.of(EventTimestamps.ofOwned(millis));
        }
        if (raw != null) {
            long left = header.rawPayloadLength() - raw.consumed();
            if (left != 0) {
                throw new CorruptSnapshotException(source, left + " bytes left after the last event");
            }
            int more;
            try {
                more = raw.readPastBound();
            } catch (IOException e) {
                throw new CorruptSnapshotException(source, "cannot inflate the compressed payload: " + e, e);
            }
            if (more != -1) {
                throw new CorruptSnapshotException(source, "compressed payload inflates to more than the declared "
                        + header.rawPayloadLength() + " bytes");
            }
        } else if (storedLeft.getAsLong() != 0) {
            throw new CorruptSnapshotException(source, storedLeft.getAsLong() + " bytes left after the last event");
        }
        try {
            return new PartitionSnapshot<>(header.storeName(), header.partition(), header.firstSequence(),
                    header.lastSequence(), header.epoch(), Instant.ofEpochMilli(header.takenAtMillis()),
                    header.schemaVersion(), TrustedEventList.ofOwnedArray(events, count), header.sourcePosition(),
                    timestamps);
        } catch (RuntimeException e) {
            throw new CorruptSnapshotException(source, "invalid content: " + e.getMessage(), e);
        }
    }

    /**
     * The inflated payload, ending (EOF) at its declared length so that a payload that inflates to more can
     * neither make a codec allocate past it nor run long; {@link #readPastBound()} then tells whether there was more.
     */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private final long bound;
        private long consumed;

        BoundedInput(InputStream in, long bound) {
            this.in = in;
            this.bound = bound;
        }

        long consumed() {
            return consumed;
        }

        int readPastBound() throws IOException {
            return in.read();
        }

        @Override
        public int read() throws IOException {
            if (consumed >= bound) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (consumed >= bound) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, bound - consumed));
            if (n > 0) {
                consumed += n;
            }
            return n;
        }
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static String describe(PartitionSnapshot<?> s) {
        return "store '" + s.storeName() + "' partition " + s.partition();
    }
}
