package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Format version 3: the per-event timestamps of a store that takes them from its feed. Written only for snapshots
 * that carry them (others stay version 1 or 2, which older readers accept), covered by the payload's checksum.
 */
class EventTimestampsFormatTest {

    private final SnapshotFormat format = SnapshotFormat.defaults();

    static final List<Event> EVENTS = List.of(new Event(1, 1.5, 10), new Event(2, 2.5, 20), new Event(3, 3.5, 30));
    static final long[] MILLIS = {1_700_000_000_000L, 1_700_000_000_007L, 1_700_000_001_000L};

    static PartitionSnapshot<Event> withTimestamps(OptionalLong position) {
        return new PartitionSnapshot<>("golden", 2, 40, 42, 1, Instant.ofEpochMilli(1_700_000_000_123L), 1, EVENTS,
                position, Optional.of(EventTimestamps.of(MILLIS)));
    }

    /** Written by this encoder when version 3 was introduced (uncompressed, with a source position). */
    static final String EVENT_V3 = "4c4645530003006e0000000001000000020000000000000028000000000000002a00000000000000"
            + "010000018bcfe5687b0000000300000000000000540000000000000054465faa3e06676f6c64656e"
            + "106c6f636b667265652e4576656e742f31030000000000000063bc0e4bcd000000013ff800000000"
            + "0000000000000000000a000000024004000000000000000000000000001400000003400c00000000"
            + "0000000000000000001e0000018bcfe568000000018bcfe568070000018bcfe56be8b3b9baac";

    private static int version(byte[] file) {
        return ByteBuffer.wrap(file).getShort(4);
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void eventTimestampsRoundTripInVersion3WithAndWithoutASourcePosition(boolean compress) throws IOException {
        for (OptionalLong position : List.of(OptionalLong.of(99), OptionalLong.empty())) {
            PartitionSnapshot<Event> snapshot = withTimestamps(position);
            byte[] file = format.encode(snapshot, EventCodecs.event(), compress);
            assertThat(version(file)).isEqualTo(3);
            PartitionSnapshot<Event> read = format.decode(file, "f", EventCodecs.event());
            assertThat(read).isEqualTo(snapshot);
            assertThat(read.hasEventTimestamps()).isTrue();
            assertThat(read.sourcePosition()).isEqualTo(position);
            for (int i = 0; i < MILLIS.length; i++) {
                assertThat(read.timestampAt(i)).isEqualTo(MILLIS[i]);
            }
        }
    }

    @Test
    void theVersion3BytesAreStableAndSnapshotsWithoutTimestampsStayVersion1Or2() throws IOException {
        byte[] v3 = format.encode(withTimestamps(OptionalLong.of(99)), EventCodecs.event(), false);
        assertThat(HexFormat.of().formatHex(v3)).isEqualTo(EVENT_V3);
        PartitionSnapshot<Event> noTimestamps = new PartitionSnapshot<>("golden", 2, 40, 42, 1,
                Instant.ofEpochMilli(5), 1, EVENTS, OptionalLong.of(99));
        assertThat(version(format.encode(noTimestamps, EventCodecs.event(), false))).isEqualTo(2);
        PartitionSnapshot<Event> plain = new PartitionSnapshot<>("golden", 2, 40, 42, 1, Instant.ofEpochMilli(5), 1,
                EVENTS);
        assertThat(version(format.encode(plain, EventCodecs.event(), true))).isEqualTo(1);
        // a version 2 file of the encoder before version 3 still reads, without timestamps
        PartitionSnapshot<?> v2 = format.decode(HexFormat.of().parseHex(FormatCompatibilityTest.METRIC_V2_GZIP), "v2",
                EventCodecs.metricEvent());
        assertThat(v2.hasEventTimestamps()).isFalse();
        assertThat(v2.sourcePosition()).hasValue(99);
        assertThatThrownBy(() -> v2.timestampAt(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyBitFlipInTheTimestampAreaIsCorruption() throws IOException {
        byte[] file = format.encode(withTimestamps(OptionalLong.of(99)), EventCodecs.event(), false);
        int timestampsEnd = file.length - 4; // the footer follows them
        for (int at = timestampsEnd - 8 * MILLIS.length; at < timestampsEnd; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = file.clone();
                flipped[at] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> format.decode(flipped, "f", EventCodecs.event()))
                        .as("byte %d bit %d", at, bit)
                        .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("payload checksum");
            }
        }
    }

    @Test
    void resealedBadTimestampsOrFlagsAreCorruptionNotSilentlyAccepted() throws IOException {
        byte[] file = format.encode(withTimestamps(OptionalLong.of(99)), EventCodecs.event(), false);
        byte[] negative = Tamper.of(file).putLong(file.length - 4 - 8, -5).sealed();
        assertThatThrownBy(() -> format.decode(negative, "f", EventCodecs.event()))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("negative timestamp -5");
        int flags = file.length - 4 - 84 - 4 - 8 - 1; // payload, header CRC, source position, flags
        assertThat(file[flags]).isEqualTo((byte) 3);
        byte[] unknownFlag = Tamper.of(file).put(flags, (byte) 7).sealed();
        assertThatThrownBy(() -> format.decode(unknownFlag, "f", EventCodecs.event()))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("unknown header flags 7");
        // a payload that declares less than the timestamps need
        byte[] short8 = Tamper.of(file).putInt(Tamper.EVENT_COUNT, 20).sealed();
        assertThatThrownBy(() -> format.decode(short8, "f", EventCodecs.event()))
                .isInstanceOf(CorruptSnapshotException.class);
    }

    @Test
    void aSkippedEventTakesItsTimestampWithIt() throws IOException {
        EventCodec<Event> failsOnKey2 = new EventCodec<>() {
            @Override
            public String name() {
                return EventCodecs.event().name();
            }

            @Override
            public void encode(Event event, DataOutput out) throws IOException {
                if (event.key() == 2) {
                    throw new IOException("cannot encode key 2");
                }
                EventCodecs.event().encode(event, out);
            }

            @Override
            public Event decode(DataInput in) throws IOException {
                return EventCodecs.event().decode(in);
            }
        };
        SnapshotFormat.Encoded encoded = format.encodeSkippingFailures(withTimestamps(OptionalLong.of(99)),
                failsOnKey2, true);
        assertThat(encoded.skipped()).extracting(SkippedEvent::index).containsExactly(1);
        PartitionSnapshot<Event> read = format.decode(encoded.file(), "f", EventCodecs.event());
        assertThat(read.events()).extracting(Event::key).containsExactly(1, 3);
        assertThat(read.eventTimestamps().orElseThrow().toArray()).containsExactly(MILLIS[0], MILLIS[2]);
    }

    @Test
    void theStreamingReaderOfTheFileStoreReadsVersion3(@TempDir Path root) throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> snapshot = withTimestamps(OptionalLong.of(99));
        store.save(snapshot, EventCodecs.event(), true);
        assertThat(store.loadLatest("golden", 2, EventCodecs.event(), OptionalInt.empty())).contains(snapshot);
    }

    @Test
    void timestampsAreValidatedAndImmutable() {
        long[] millis = MILLIS.clone();
        EventTimestamps timestamps = EventTimestamps.of(millis);
        millis[0] = 1;
        assertThat(timestamps.get(0)).isEqualTo(MILLIS[0]);
        timestamps.toArray()[0] = 1;
        assertThat(timestamps.get(0)).isEqualTo(MILLIS[0]);
        assertThatThrownBy(() -> EventTimestamps.of(1, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event timestamp 1 must be >= 0 but was -2");
        assertThatThrownBy(() -> new PartitionSnapshot<>("golden", 2, 40, 42, 1, Instant.EPOCH, 1, EVENTS,
                OptionalLong.of(1), Optional.of(EventTimestamps.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 events but 2 timestamps");
    }
}
