package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SnapshotFormatTest {

    private final SnapshotFormat format = SnapshotFormat.defaults();

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void eventSnapshotRoundTrips(boolean compress) throws IOException {
        PartitionSnapshot<Event> snapshot = new PartitionSnapshot<>("orders", 7, 100, 104, 3,
                Instant.parse("2026-01-02T03:04:05.678Z"), 2, List.of(
                        new Event(1, Double.NaN, Long.MIN_VALUE), new Event(2, Double.POSITIVE_INFINITY, Long.MAX_VALUE),
                        new Event(3, Double.NEGATIVE_INFINITY, 0), new Event(4, -0.0, -1), new Event(5, 1e300, 1)));
        byte[] file = format.encode(snapshot, EventCodecs.event(), compress);
        PartitionSnapshot<Event> back = format.decode(file, "test", EventCodecs.event());
        assertThat(back).isEqualTo(snapshot);
        SnapshotFormat.Header header = format.readHeader(file, "test");
        assertThat(header.compressed()).isEqualTo(compress);
        assertThat(header.codecName()).isEqualTo("lockfree.Event/1");
        assertThat(header.formatVersion()).as("no source position: written as version 1").isEqualTo(1);
        assertThat(header.sourcePosition()).isEmpty();
        assertThat(header.eventCount()).isEqualTo(5);
        assertThat(header.rawPayloadLength()).isEqualTo(100);
        assertThat(ByteBuffer.wrap(file).getInt(0)).isEqualTo(SnapshotFormat.MAGIC);
        assertThat(ByteBuffer.wrap(file).getInt(file.length - 4)).isEqualTo(SnapshotFormat.FOOTER_MAGIC);
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void metricSnapshotRoundTripsWithUnicodeAndEmptyLabels(boolean compress) throws IOException {
        PartitionSnapshot<MetricEvent> snapshot = Fixtures.metrics(1000, 300, new Random(1));
        byte[] file = format.encode(snapshot, EventCodecs.metricEvent(), compress);
        assertThat(format.decode(file, "test", EventCodecs.metricEvent())).isEqualTo(snapshot);
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void emptySnapshotRoundTrips(boolean compress) throws IOException {
        PartitionSnapshot<Event> empty = new PartitionSnapshot<>("s", 0, 0, -1, 0, Instant.EPOCH, 1, List.of());
        assertThat(format.decode(format.encode(empty, EventCodecs.event(), compress), "t", EventCodecs.event()))
                .isEqualTo(empty);
    }

    @Test
    void compressionShrinksRepetitiveData() throws IOException {
        List<Event> same = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            same.add(new Event(1, 1.0, 1_700_000_000_000L));
        }
        PartitionSnapshot<Event> s = new PartitionSnapshot<>("s", 0, 1, 5000, 0, Instant.EPOCH, 1, same);
        int plain = format.encode(s, EventCodecs.event(), false).length;
        int zipped = format.encode(s, EventCodecs.event(), true).length;
        assertThat(zipped).isLessThan(plain / 20);
    }

    @Test
    void decodingWithAnotherCodecFailsClearly() throws IOException {
        byte[] file = format.encode(Fixtures.events(10, 3), EventCodecs.event(), false);
        assertThatThrownBy(() -> format.decode(file, "'orders' partition 0 file x.snap", EventCodecs.metricEvent()))
                .isInstanceOf(IncompatibleSnapshotException.class)
                .hasMessageContaining("'lockfree.Event/1'")
                .hasMessageContaining("'lockfree.MetricEvent/1'")
                .hasMessageContaining("partition 0 file x.snap");
    }

    @Test
    void tooNewFormatVersionIsRejectedAsIncompatibleNotCorrupt() throws IOException {
        byte[] file = format.encode(Fixtures.events(10, 3), EventCodecs.event(), false);
        byte[] newer = Tamper.of(file).putShort(Tamper.FORMAT_VERSION, 4).headerSealed();
        assertThatThrownBy(() -> format.readHeader(newer, "f"))
                .isInstanceOf(IncompatibleSnapshotException.class)
                .hasMessageContaining("format version 4, newer than the newest supported version 3");
        // the same edit without a matching checksum is corruption, not "too new"
        byte[] flipped = Tamper.of(file).putShort(Tamper.FORMAT_VERSION, 4).raw();
        assertThatThrownBy(() -> format.readHeader(flipped, "f"))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("header checksum");
    }

    @Test
    void encodeRefusesWhatDecodeWouldRefuse() {
        SnapshotFormat tiny = SnapshotFormat.withLimits(200, 100, 4);
        assertThatThrownBy(() -> tiny.encode(Fixtures.events(10, 5), EventCodecs.event(), false))
                .isInstanceOf(IOException.class).hasMessageContaining("5 events, more than the limit of 4");
        assertThatThrownBy(() -> SnapshotFormat.withLimits(200, 60, 100).encode(Fixtures.events(10, 4),
                EventCodecs.event(), false))
                .isInstanceOf(IOException.class).hasMessageContaining("exceeds the limit of 60 bytes");
        assertThatThrownBy(() -> SnapshotFormat.withLimits(120, 1000, 100).encode(Fixtures.events(10, 4),
                EventCodecs.event(), false))
                .isInstanceOf(IOException.class).hasMessageContaining("more than the limit of 120");
    }

    @Test
    void aCodecNameWithAnUnpairedSurrogateIsRefusedInsteadOfBeingWrittenAsAnotherName() {
        EventCodec<Event> odd = new EventCodec<>() {
            @Override
            public String name() {
                return "acme.Event\uD800/1";
            }

            @Override
            public void encode(Event event, DataOutput out) throws IOException {
                EventCodecs.event().encode(event, out);
            }

            @Override
            public Event decode(DataInput in) throws IOException {
                return EventCodecs.event().decode(in);
            }
        };
        assertThatThrownBy(() -> format.encode(Fixtures.events(10, 3), odd, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void aUserCodecThatMisbehavesIsReportedAsCorruption() throws IOException {
        EventCodec<Event> throwing = new EventCodec<>() {
            @Override
            public String name() {
                return EventCodecs.event().name();
            }

            @Override
            public void encode(Event event, DataOutput out) throws IOException {
                EventCodecs.event().encode(event, out);
            }

            @Override
            public Event decode(DataInput in) {
                throw new IllegalStateException("boom");
            }
        };
        byte[] file = format.encode(Fixtures.events(10, 3), EventCodecs.event(), false);
        assertThatThrownBy(() -> format.decode(file, "f", throwing))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("cannot decode event 0 of 3");
    }

    @Test
    void partitionSnapshotValidatesAndCopies() {
        List<Event> events = new ArrayList<>(List.of(new Event(1, 1, 1)));
        PartitionSnapshot<Event> s = new PartitionSnapshot<>("s", 0, 1, 1, 0,
                Instant.ofEpochSecond(1, 123_456_789), 1, events);
        events.clear();
        assertThat(s.events()).hasSize(1);
        assertThatThrownBy(() -> s.events().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.takenAt()).isEqualTo(Instant.ofEpochMilli(1123));
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new PartitionSnapshot<>("s", -1, 0, 0, 0, t, 1, List.of()))
                .hasMessage("Partition must be >= 0: -1");
        assertThatThrownBy(() -> new PartitionSnapshot<>("s", 0, 5, 3, 0, t, 1, List.of()))
                .hasMessage("firstSequence must be <= lastSequence + 1: firstSequence=5, lastSequence=3");
        assertThatThrownBy(() -> new PartitionSnapshot<>("s", 0, 0, 0, 0, t, 0, List.of()))
                .hasMessage("schemaVersion must be >= 1: 0");
        assertThatThrownBy(() -> new PartitionSnapshot<>("s", 0, 0, 0, -1, t, 1, List.of()))
                .hasMessage("epoch must be >= 0: -1");
        assertThatThrownBy(() -> new PartitionSnapshot<>("s", 0, 0, 0, 0, Instant.EPOCH.minusMillis(1), 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionSnapshot<Event>("s", 0, 0, 0, 0, t, 1, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PartitionSnapshot<>("../x", 0, 0, 0, 0, t, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
