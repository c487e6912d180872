package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.StoreInternals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18: one event the codec cannot encode used to fail every snapshot of its partition, so nothing appended
 * to that partition afterwards was ever persisted. Now the event is left out, counted and logged once.
 */
class SkipUnencodableEventsTest {

    /**
     * The MetricEvent codec (same name, so the files read back with the plain codec), failing half-way through
     * on labels starting with "poison" (I/O error) or "boom" (runtime exception), after writing partial bytes.
     * Its messages quote the label, as a careless user codec's would.
     */
    static final class PoisonCodec implements EventCodec<MetricEvent> {
        private final EventCodec<MetricEvent> delegate = EventCodecs.metricEvent();

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void encode(MetricEvent event, DataOutput out) throws IOException {
            if (event.label().startsWith("poison")) {
                out.writeInt(12345);
                throw new IOException("cannot encode " + event.label());
            }
            if (event.label().startsWith("boom")) {
                out.writeLong(-1);
                throw new IllegalStateException("cannot encode " + event.label());
            }
            delegate.encode(event, out);
        }

        @Override
        public MetricEvent decode(DataInput in) throws IOException {
            return delegate.decode(in);
        }
    }

    private static final PoisonCodec POISON = new PoisonCodec();
    private static final EventCodec<MetricEvent> PLAIN = EventCodecs.metricEvent();

    // held strongly: java.util.logging forgets a logger nobody references, with its handlers
    private final Logger snapshotterLog = Logger.getLogger(Snapshotter.class.getName());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // only this test's store: a snapshotter another test left running must not count here
            String text = new SimpleFormatter().formatMessage(record);
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && text.contains("store 'poisoned'")) {
                warnings.add(text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    private Level levelBefore;

    @BeforeEach
    void captureWarnings() {
        // other tests quiet the snapshot package (Fixtures.quietLogs): this logger's own level overrides that
        levelBefore = snapshotterLog.getLevel();
        snapshotterLog.setLevel(Level.WARNING);
        snapshotterLog.addHandler(handler);
    }

    @AfterEach
    void releaseWarnings() {
        snapshotterLog.removeHandler(handler);
        snapshotterLog.setLevel(levelBefore);
    }

    private static MetricEvent ev(String label, long t) {
        return new MetricEvent(label, t, t);
    }

    private static PartitionSnapshot<MetricEvent> snapshot(long firstSequence, List<MetricEvent> events) {
        return new PartitionSnapshot<>("poisoned", 0, firstSequence, firstSequence + events.size() - 1, 3,
                Instant.ofEpochMilli(1_700_000_000_000L), 1, events);
    }

    private static EventStore<MetricEvent> store(int partitions) {
        return MetricEvent.storeBuilder().withPartitions(partitions).withCapacityPerPartition(100).create();
    }

    private static SnapshotOptions options() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .backoff(Duration.ofMillis(1), 2.0, 0.0).build();
    }

    // ------------------------------------------------------------------------------------------ the format

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFormatLeavesOutFailingEventsAndTheirPartialBytes(boolean compress) throws IOException {
        List<MetricEvent> events = List.of(ev("a", 1), ev("poison", 2), ev("b", 3), ev("boom", 4), ev("c", 5));
        SnapshotFormat format = SnapshotFormat.defaults();

        SnapshotFormat.Encoded encoded = format.encodeSkippingFailures(snapshot(10, events), POISON, compress);

        assertThat(encoded.skipped()).extracting(SkippedEvent::index).containsExactly(1, 3);
        assertThat(encoded.skipped().get(0).error()).isInstanceOf(IOException.class);
        assertThat(encoded.skipped().get(1).error()).isInstanceOf(IllegalStateException.class);
        SnapshotFormat.Header header = format.readHeader(encoded.file(), "t");
        assertThat(header.eventCount()).isEqualTo(3);
        assertThat(header.firstSequence()).isEqualTo(10);
        assertThat(header.lastSequence()).isEqualTo(14);
        assertThat(header.epoch()).isEqualTo(3);
        // a partial byte left behind would shift every later event: decode would fail or differ
        assertThat(format.decode(encoded.file(), "t", PLAIN).events()).containsExactly(ev("a", 1), ev("b", 3), ev("c", 5));
    }

    @Test
    void strictEncodeStillFailsOnTheFirstFailingEvent() {
        assertThatThrownBy(() -> SnapshotFormat.defaults().encode(snapshot(0, List.of(ev("a", 1), ev("boom", 2))),
                POISON, false)).isInstanceOf(IllegalStateException.class).hasMessage("cannot encode boom");
    }

    @Test
    void aCodecFailingOnEveryEventIsBrokenSoTheSaveFails() throws IOException {
        assertThatThrownBy(() -> SnapshotFormat.defaults().encodeSkippingFailures(
                snapshot(0, List.of(ev("poison-1", 1), ev("boom-2", 2))), POISON, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed on all 2 events of store 'poisoned' partition 0")
                .hasMessageContaining("older snapshots are kept")
                .hasCauseInstanceOf(IOException.class);

        // but one event alone may be the poison: it must not keep the partition from being persisted
        SnapshotFormat.Encoded alone = SnapshotFormat.defaults().encodeSkippingFailures(
                snapshot(7, List.of(ev("poison", 1))), POISON, false);
        assertThat(alone.skipped()).extracting(SkippedEvent::index).containsExactly(0);
        PartitionSnapshot<MetricEvent> back = SnapshotFormat.defaults().decode(alone.file(), "t", PLAIN);
        assertThat(back.events()).isEmpty();
        assertThat(back.lastSequence()).isEqualTo(7);
    }

    @Test
    void theFormatsLimitsStayFailuresEvenWhenTheCodecCatchesThem() {
        SnapshotFormat small = SnapshotFormat.withLimits(10_000, 60, 100);
        EventCodec<MetricEvent> wrapping = new LimitCatchingCodec(true);
        EventCodec<MetricEvent> swallowing = new LimitCatchingCodec(false);
        List<MetricEvent> events = List.of(ev("a", 1), ev("b", 2), ev("c", 3));
        for (EventCodec<MetricEvent> codec : List.of(wrapping, swallowing)) {
            assertThatThrownBy(() -> small.encodeSkippingFailures(snapshot(0, events), codec, false))
                    .as(codec.toString())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("uncompressed payload of store 'poisoned' partition 0 exceeds the limit of 60");
        }
    }

    /** Writes 40 bytes per event and catches the I/O error of the sink: wraps it, or swallows it. */
    private record LimitCatchingCodec(boolean wrap) implements EventCodec<MetricEvent> {
        @Override
        public String name() {
            return "test.Padded/1";
        }

        @Override
        public void encode(MetricEvent event, DataOutput out) {
            try {
                out.write(new byte[40]);
            } catch (IOException e) {
                if (wrap) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public MetricEvent decode(DataInput in) {
            throw new UnsupportedOperationException();
        }
    }

    // -------------------------------------------------------------------------------------- the snapshotter

    @Test
    void eventsAppendedAfterThePoisonArePersistedAndThePoisonIsCountedAndLoggedOnce() throws IOException {
        EventStore<MetricEvent> store = store(2);
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(dir);
        try (Snapshotter<MetricEvent> snapshotter = new Snapshotter<>(store, "poisoned", POISON, files, options())) {
            store.tryAppend(ev("a0", 1), 0);
            store.tryAppend(ev("poison-secret", 2), 0);
            store.tryAppend(ev("a1", 3), 0);
            store.tryAppend(ev("b0", 4), 1);
            assertThat(snapshotter.snapshotNow()).isEqualTo(2);

            SnapshotterMetrics metrics = snapshotter.metrics();
            assertThat(metrics.skippedEvents()).isEqualTo(1);
            assertThat(metrics.totalFailedJobs()).isZero();
            assertThat(metrics.partitions()).extracting(PartitionSnapshotInfo::skippedEvents).containsExactly(1L, 0L);
            PartitionSnapshotInfo p0 = metrics.partitions().get(0);
            assertThat(p0.consecutiveFailures()).isZero();
            assertThat(p0.lastVersion()).isEqualTo(2);
            assertThat(warnings).singleElement().asString()
                    .contains("store 'poisoned' partition 0 left out 1 event(s)")
                    .contains("at sequence(s) [1]")
                    .contains("java.io.IOException")
                    .doesNotContain("secret");

            // the data-loss scenario: later appends to the poisoned partition are persisted, the poison
            // (still in the partition) is left out again but neither counted nor logged again
            store.tryAppend(ev("a2", 5), 0);
            store.tryAppend(ev("a3", 6), 0);
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
            assertThat(snapshotter.metrics().skippedEvents()).isEqualTo(1);
            assertThat(snapshotter.metrics().partitions().get(0).successCount()).isEqualTo(2);
            assertThat(warnings).hasSize(1);

            // a second bad event is a new one: counted and logged by its own sequence
            store.tryAppend(ev("boom", 7), 0);
            store.tryAppend(ev("a4", 8), 0);
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
            assertThat(snapshotter.metrics().skippedEvents()).isEqualTo(2);
            assertThat(snapshotter.metrics().partitions().get(0).skippedEvents()).isEqualTo(2);
            assertThat(warnings).hasSize(2).last().asString()
                    .contains("at sequence(s) [5]")
                    .contains("java.lang.IllegalStateException");
        }
        long lastSequence = store.lastSequence(0);
        assertThat(lastSequence).isEqualTo(6);

        // the files are standard MetricEvent snapshots: the plain codec restores every other event, in order
        EventStore<MetricEvent> restored = store(2);
        RestoreResult result = new Snapshotter<>(restored, "poisoned", PLAIN, new FileSystemSnapshotStore(dir),
                options()).restore();
        assertThat(result.eventsRestored()).isEqualTo(6);
        assertThat(restored.copyPartition(0))
                .containsExactly(ev("a0", 1), ev("a1", 3), ev("a2", 5), ev("a3", 6), ev("a4", 8));
        assertThat(restored.copyPartition(1)).containsExactly(ev("b0", 4));
        // the durable version survives the gaps: appends continue after the last sequence ever appended
        assertThat(restored.lastSequence(0)).isEqualTo(lastSequence);
        restored.tryAppend(ev("after", 9), 0);
        assertThat(restored.lastSequence(0)).isEqualTo(lastSequence + 1);
        StoreInternals.Capture<MetricEvent> capture = StoreInternals.of(restored).capture(0);
        assertThat(capture.lastSequence()).isEqualTo(lastSequence + 1);
        assertThat(capture.lastSequence() - capture.firstSequence() + 1).isEqualTo(capture.events().size());
    }

    @Test
    void aPartitionHoldingOnlyThePoisonIsStillPersisted() throws IOException {
        EventStore<MetricEvent> store = store(1);
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(dir);
        try (Snapshotter<MetricEvent> snapshotter = new Snapshotter<>(store, "poisoned", POISON, files, options())) {
            store.tryAppend(ev("a", 1));
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
            store.clear();
            store.tryAppend(ev("poison", 2));
            assertThat(snapshotter.snapshotNow()).isEqualTo(1);
            assertThat(snapshotter.metrics().partitions().get(0).consecutiveFailures()).isZero();
            assertThat(snapshotter.metrics().skippedEvents()).isEqualTo(1);
        }
        EventStore<MetricEvent> restored = store(1);
        new Snapshotter<>(restored, "poisoned", PLAIN, new FileSystemSnapshotStore(dir), options()).restore();
        assertThat(restored.snapshot()).isEmpty(); // not "a": the clear stays a clear
        assertThat(restored.lastSequence(0)).isEqualTo(1);
    }
}
