package dev.lockfree.eventstore.codec;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The built-in codecs for the core's event records. */
public final class EventCodecs {

    /** Default bound on a {@link MetricEvent} label, in UTF-8 bytes. */
    public static final int DEFAULT_MAX_LABEL_BYTES = 64 * 1024;

    private static final EventCodec<Event> EVENT = new EventCodec<>() {
        @Override
        public String name() {
            return "lockfree.Event/1";
        }

        @Override
        public void encode(Event event, DataOutput out) throws IOException {
            out.writeInt(event.key());
            // raw bits: a NaN payload survives the round trip unchanged
            out.writeLong(Double.doubleToRawLongBits(event.value()));
            out.writeLong(event.timestamp());
        }

        @Override
        public Event decode(DataInput in) throws IOException {
            return new Event(in.readInt(), Double.longBitsToDouble(in.readLong()), in.readLong());
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final EventCodec<MetricEvent> METRIC_EVENT = metricEvent(DEFAULT_MAX_LABEL_BYTES);

    private EventCodecs() {
    }

    /** {@code Event(int key, double value, long timestamp)}: 20 bytes per event. */
    public static EventCodec<Event> event() {
        return EVENT;
    }

    /**
     * {@code MetricEvent(String label, double value, long timestamp)}, labels up to 64 KiB of UTF-8. Labels are
     * written with {@link Wtf8}: any {@code String} round trips, including one with an unpaired surrogate,
     * and a well-formed label gives the same bytes as standard UTF-8.
     */
    public static EventCodec<MetricEvent> metricEvent() {
        return METRIC_EVENT;
    }

    /**
     * A {@code MetricEvent} codec with a custom label bound. The bound is enforced on both sides: a label that
     * is too long fails the save instead of producing a snapshot that could not be restored.
     */
    public static EventCodec<MetricEvent> metricEvent(int maxLabelBytes) {
        if (maxLabelBytes < 0) {
            throw new IllegalArgumentException("maxLabelBytes must be >= 0: " + maxLabelBytes);
        }
        return new MetricEventCodec(maxLabelBytes);
    }

    private static final class MetricEventCodec implements EventCodec<MetricEvent> {
        private final int maxLabelBytes;

        MetricEventCodec(int maxLabelBytes) {
            this.maxLabelBytes = maxLabelBytes;
        }

        @Override
        public String name() {
            // the bound is not part of the name: it limits input, it does not change the encoding
            return "lockfree.MetricEvent/1";
        }

        @Override
        public void encode(MetricEvent event, DataOutput out) throws IOException {
            // WTF-8, not strict UTF-8: a label with an unpaired surrogate was accepted by the store, so it
            // must persist unchanged; strict UTF-8 would fail the whole snapshot, a lenient one write '?'
            String label = event.label();
            int length = Wtf8.encodedLength(label);
            if (length > maxLabelBytes) {
                throw new IOException("MetricEvent label is " + length + " UTF-8 bytes, more than the limit of "
                        + maxLabelBytes);
            }
            out.writeInt(length);
            if (length == label.length()) {
                // every char is ASCII (anything else takes more bytes than chars): its bytes are its chars, written
                // straight into the output without a byte array per event
                out.writeBytes(label);
            } else {
                out.write(Wtf8.encode(label));
            }
            out.writeLong(Double.doubleToRawLongBits(event.value()));
            out.writeLong(event.timestamp());
        }

        @Override
        public MetricEvent decode(DataInput in) throws IOException {
            int length = in.readInt();
            // checked before allocating: a corrupt length must not cost gigabytes
            if (length < 0 || length > maxLabelBytes) {
                throw new IOException("MetricEvent label length " + length + " is outside [0, " + maxLabelBytes + "]");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            String label;
            try {
                label = Wtf8.decode(bytes);
            } catch (IOException e) {
                throw new IOException("MetricEvent label is not valid UTF-8 (WTF-8): " + e.getMessage(), e);
            }
            return new MetricEvent(label, Double.longBitsToDouble(in.readLong()), in.readLong());
        }

        @Override
        public String toString() {
            return name() + "(maxLabelBytes=" + maxLabelBytes + ")";
        }
    }
}
