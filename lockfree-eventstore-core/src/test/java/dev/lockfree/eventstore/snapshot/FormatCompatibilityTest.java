package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format did not change when encoding moved into reusable buffers and reading became streaming:
 * files written by the previous encoder (captured here byte for byte) restore, and the encoder still writes
 * exactly those bytes.
 */
class FormatCompatibilityTest {

    /** Written by the encoder before issue 16 (format version 1, uncompressed, {@code lockfree.Event/1}). */
    static final String EVENT_V1 = "4c464553000100650000000007000000010000000000000028000000000000002a00000000000000"
            + "030000018bcfe5687b00000003000000000000003c000000000000003c52751cce06676f6c64656e106c6f636b667265652e"
            + "4576656e742f31119279de000000013ff80000000000000000018bcfe56800000000027ff80000000000000000018bcfe568"
            + "01fffffffd80000000000000000000018bcfe56802b3b9baac";
    /** Written by the encoder before issue 16 (format version 2 with a source position, GZIP, MetricEvent). */
    static final String METRIC_V2_GZIP = "4c46455300020073010000000100000000000000000000000a000000000000000c0000"
            + "0000000000000000018bcfe569c80000000300000000000000460000000000000038b3a384ce06676f6c64656e166c6f636b"
            + "667265652e4d65747269634576656e742f310000000000000063a251a6cc1f8b08000000000000ff636060604e2e28b5bfc0"
            + "00058cdde79f6680182cb98757e63a30a088b33240953f4011e60400541ecd4946000000b3b9baac";

    static PartitionSnapshot<Event> eventSnapshot() {
        return new PartitionSnapshot<>("golden", 1, 40, 42, 3, Instant.ofEpochMilli(1_700_000_000_123L), 7,
                List.of(new Event(1, 1.5, 1_700_000_000_000L), new Event(2, Double.NaN, 1_700_000_000_001L),
                        new Event(-3, -0.0, 1_700_000_000_002L)));
    }

    static PartitionSnapshot<MetricEvent> metricSnapshot() {
        return new PartitionSnapshot<>("golden", 0, 10, 12, 0, Instant.ofEpochMilli(1_700_000_000_456L), 1,
                List.of(new MetricEvent("cpu", 0.25, 1_700_000_000_000L),
                        new MetricEvent("mém", 2, 1_700_000_000_005L),
                        new MetricEvent("cpu", 0.5, 1_700_000_000_009L)), OptionalLong.of(99));
    }

    @Test
    void theEncoderWritesTheSameBytesAsBefore() throws IOException {
        SnapshotFormat format = SnapshotFormat.defaults();
        assertThat(HexFormat.of().formatHex(format.encode(eventSnapshot(), EventCodecs.event(), false)))
                .isEqualTo(EVENT_V1);
        assertThat(HexFormat.of().formatHex(format.encode(metricSnapshot(), EventCodecs.metricEvent(), true)))
                .isEqualTo(METRIC_V2_GZIP);
    }

    @Test
    void reusedBuffersGiveTheSameBytesAsFreshOnes() throws IOException {
        SnapshotFormat format = SnapshotFormat.defaults();
        SnapshotFormat.Buffers buffers = new SnapshotFormat.Buffers();
        // a big one first, so the small ones are written over leftovers
        format.encodeInto(Fixtures.events(5_000, 5_000), EventCodecs.event(), true, true, buffers);
        format.encodeInto(Fixtures.events(5_000, 5_000), EventCodecs.event(), false, true, buffers);
        SnapshotFormat.EncodedFile again = format.encodeInto(eventSnapshot(), EventCodecs.event(), false, true, buffers);
        assertThat(HexFormat.of().formatHex(again.array(), 0, again.length())).isEqualTo(EVENT_V1);
        SnapshotFormat.EncodedFile zipped = format.encodeInto(metricSnapshot(), EventCodecs.metricEvent(), true, true,
                buffers);
        assertThat(HexFormat.of().formatHex(zipped.array(), 0, zipped.length())).isEqualTo(METRIC_V2_GZIP);
    }

    @Test
    void filesOfTheFormerEncoderRestoreThroughTheStreamingReader(@TempDir Path root) throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        place(root, eventSnapshot(), EVENT_V1);
        place(root, metricSnapshot(), METRIC_V2_GZIP);
        assertThat(load(store, eventSnapshot(), EventCodecs.event())).contains(eventSnapshot());
        assertThat(load(store, metricSnapshot(), EventCodecs.metricEvent())).contains(metricSnapshot());
        // and through the in-memory API
        SnapshotFormat format = SnapshotFormat.defaults();
        assertThat(format.decode(HexFormat.of().parseHex(METRIC_V2_GZIP), "golden", EventCodecs.metricEvent()))
                .isEqualTo(metricSnapshot());
    }

    private static <E> Optional<PartitionSnapshot<E>> load(FileSystemSnapshotStore store, PartitionSnapshot<E> like,
                                                           EventCodec<E> codec) throws IOException {
        return store.loadLatest(like.storeName(), like.partition(), codec, OptionalInt.empty());
    }

    private static void place(Path root, PartitionSnapshot<?> snapshot, String hex) throws IOException {
        Path dir = root.resolve(snapshot.storeName()).resolve(SnapshotNames.partitionDirectory(snapshot.partition()));
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(dir.getParent());
        Files.write(dir.resolve(FileSystemSnapshotStore.fileName(snapshot.lastSequence(),
                snapshot.takenAt().toEpochMilli())), HexFormat.of().parseHex(hex));
    }
}
