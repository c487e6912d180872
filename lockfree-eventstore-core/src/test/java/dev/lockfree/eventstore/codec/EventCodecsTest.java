package dev.lockfree.eventstore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecsTest {

    private static <E> E roundTrip(EventCodec<E> codec, E event) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.encode(event, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        E decoded = codec.decode(in);
        assertThat(in.available()).as("every encoded byte is consumed").isZero();
        return decoded;
    }

    private static byte[] bytes(IOConsumer body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.accept(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    interface IOConsumer {
        void accept(DataOutputStream out) throws IOException;
    }

    @Test
    void eventRoundTripsEdgeValuesBitForBit() throws IOException {
        double oddNaN = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        List<Event> edges = List.of(
                new Event(0, 0.0, 0L),
                new Event(-1, -0.0, -1L),
                new Event(Integer.MIN_VALUE, Double.NaN, Long.MIN_VALUE),
                new Event(Integer.MAX_VALUE, oddNaN, Long.MAX_VALUE),
                new Event(42, Double.POSITIVE_INFINITY, 1_700_000_000_000L),
                new Event(43, Double.NEGATIVE_INFINITY, 1L),
                new Event(44, Double.MIN_VALUE, 2L),
                new Event(45, Double.MAX_VALUE, 3L));
        for (Event e : edges) {
            Event back = roundTrip(EventCodecs.event(), e);
            assertThat(back.key()).isEqualTo(e.key());
            assertThat(back.timestamp()).isEqualTo(e.timestamp());
            assertThat(Double.doubleToRawLongBits(back.value())).isEqualTo(Double.doubleToRawLongBits(e.value()));
        }
        assertThat(bytes(out -> EventCodecs.event().encode(edges.get(0), out))).hasSize(20);
    }

    @Test
    void metricEventRoundTripsEdgeValuesAndUnicodeLabels() throws IOException {
        List<MetricEvent> edges = List.of(
                new MetricEvent("", Double.NaN, Long.MIN_VALUE),
                new MetricEvent("cpu", Double.NEGATIVE_INFINITY, Long.MAX_VALUE),
                new MetricEvent("température/延迟/🚀", Double.POSITIVE_INFINITY, 0L),
                new MetricEvent("nul\u0000inside", -0.0, -1L),
                new MetricEvent("x".repeat(EventCodecs.DEFAULT_MAX_LABEL_BYTES), 1.0, 1L));
        for (MetricEvent e : edges) {
            MetricEvent back = roundTrip(EventCodecs.metricEvent(), e);
            assertThat(back.label()).isEqualTo(e.label());
            assertThat(back.timestamp()).isEqualTo(e.timestamp());
            assertThat(Double.doubleToRawLongBits(back.value())).isEqualTo(Double.doubleToRawLongBits(e.value()));
        }
        // the label is standard UTF-8 (not Java's modified UTF-8): 🚀 is 4 bytes, NUL is 1 byte
        assertThat(bytes(out -> EventCodecs.metricEvent().encode(new MetricEvent("🚀\u0000", 0, 0), out)))
                .startsWith(0, 0, 0, 5, 0xF0 - 256, 0x9F - 256, 0x9A - 256, 0x80 - 256, 0);
    }

    @Test
    void codecNamesAreStableIdentifiers() {
        assertThat(EventCodecs.event().name()).isEqualTo("lockfree.Event/1");
        assertThat(EventCodecs.metricEvent().name()).isEqualTo("lockfree.MetricEvent/1");
        assertThat(EventCodecs.metricEvent(10).name()).isEqualTo(EventCodecs.metricEvent().name());
    }

    @Test
    void labelLengthIsBoundedBeforeAllocating() throws IOException {
        for (int length : new int[] {Integer.MAX_VALUE, -1, 65 * 1024}) {
            byte[] hostile = bytes(out -> {
                out.writeInt(length);
                out.write(new byte[16]);
            });
            assertThatThrownBy(() -> EventCodecs.metricEvent().decode(
                    new DataInputStream(new ByteArrayInputStream(hostile))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("label length " + length);
        }
    }

    @Test
    void tooLongLabelFailsOnEncodeSoNoUnreadableSnapshotIsWritten() {
        EventCodec<MetricEvent> codec = EventCodecs.metricEvent(4);
        assertThatThrownBy(() -> bytes(out -> codec.encode(new MetricEvent("12345", 0, 0), out)))
                .isInstanceOf(IOException.class).hasMessageContaining("5 UTF-8 bytes, more than the limit of 4");
        assertThatThrownBy(() -> EventCodecs.metricEvent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsWithLoneSurrogatesRoundTripInsteadOfFailingTheSnapshot() throws IOException {
        // issue 18: a label with a lone U+D800 from a JSON escape was accepted by the store, then failed every snapshot of its partition
        for (String label : List.of("a\uD800b", "\uDC00", "x\uDBFF", "\uDFFFy", "\uDC00\uD800", "\uD83D\uDE80\uD83D")) {
            MetricEvent back = roundTrip(EventCodecs.metricEvent(), new MetricEvent(label, 1.0, 2L));
            assertThat(back.label()).isEqualTo(label);
        }
        assertThat(bytes(out -> EventCodecs.metricEvent().encode(new MetricEvent("a\uD800b", 0, 0), out)))
                .startsWith(0, 0, 0, 5, 'a', 0xED - 256, 0xA0 - 256, 0x80 - 256, 'b');
        // the bound counts the bytes written: a lone surrogate is 3 of them
        assertThatThrownBy(() -> bytes(out -> EventCodecs.metricEvent(4).encode(new MetricEvent("ab\uD800", 0, 0), out)))
                .isInstanceOf(IOException.class).hasMessageContaining("5 UTF-8 bytes, more than the limit of 4");
    }

    @Test
    void wellFormedLabelsAreWrittenAsBeforeAsStandardUtf8() throws IOException {
        // what the strict UTF-8 codec wrote before WTF-8: old snapshots must read back, new ones look the same
        for (String label : List.of("", "cpu", "température/延迟/🚀", "nul\u0000inside")) {
            byte[] utf8 = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] expected = bytes(out -> {
                out.writeInt(utf8.length);
                out.write(utf8);
                out.writeLong(Double.doubleToRawLongBits(1.5));
                out.writeLong(7L);
            });
            assertThat(bytes(out -> EventCodecs.metricEvent().encode(new MetricEvent(label, 1.5, 7L), out)))
                    .isEqualTo(expected);
            assertThat(EventCodecs.metricEvent().decode(new DataInputStream(new ByteArrayInputStream(expected))))
                    .isEqualTo(new MetricEvent(label, 1.5, 7L));
        }
    }

    @Test
    void malformedLabelsAreRejectedNotReplaced() throws IOException {
        for (byte[] label : List.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xED, (byte) 0xB0, (byte) 0x80})) {
            byte[] bad = bytes(out -> {
                out.writeInt(label.length);
                out.write(label);
                out.writeLong(0);
                out.writeLong(0);
            });
            assertThatThrownBy(() -> EventCodecs.metricEvent().decode(new DataInputStream(new ByteArrayInputStream(bad))))
                    .isInstanceOf(IOException.class).hasMessageContaining("MetricEvent label is not valid UTF-8")
                    .hasMessageContaining("Malformed WTF-8 at byte");
        }
    }

    @Test
    void truncatedInputIsAnEofNotGarbage() throws IOException {
        byte[] full = bytes(out -> EventCodecs.event().encode(new Event(1, 2, 3), out));
        for (int cut = 0; cut < full.length; cut++) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(full, 0, cut));
            assertThatThrownBy(() -> EventCodecs.event().decode(in)).isInstanceOf(EOFException.class);
        }
    }
}
