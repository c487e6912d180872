package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.P0;
import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P3: every bit flip and every truncation of a real snapshot, an empty file, junk appended, and hostile
 * lengths under valid checksums. Each damaged newest file must be detected and quarantined, the older valid
 * snapshot restored, with nothing escaping {@code loadLatest} and nothing huge allocated.
 */
class CorruptionTest {

    static {
        Fixtures.quietLogs();
    }

    private final PartitionSnapshot<MetricEvent> older = Fixtures.metrics(100, 20, new Random(1));
    private final PartitionSnapshot<MetricEvent> newest = Fixtures.metrics(200, 40, new Random(2));

    private byte[] encode(PartitionSnapshot<MetricEvent> s, boolean compress) throws IOException {
        return SnapshotFormat.defaults().encode(s, EventCodecs.metricEvent(), compress);
    }

    /** Plants the older snapshot and a damaged newest one, restores, and checks the outcome. */
    private void assertFallsBack(byte[] olderBytes, byte[] damaged, String what) {
        FaultyStorage disk = new FaultyStorage();
        disk.plant(P0, Fixtures.name(older), olderBytes);
        disk.plant(P0, Fixtures.name(newest), damaged);
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(disk.root(), SnapshotFormat.defaults(), recorder);
        Optional<PartitionSnapshot<MetricEvent>> restored;
        try {
            restored = store.loadLatest(STORE, 0, EventCodecs.metricEvent(), OptionalInt.of(3));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": loadLatest threw " + e, e);
        }
        if (!restored.equals(Optional.of(older)) || !recorder.quarantined.equals(java.util.List.of(Fixtures.name(newest)))) {
            throw new AssertionError(what + ": undetected; restored " + restored.map(s -> "sequence " + s.lastSequence())
                    + ", quarantined " + recorder.quarantined);
        }
        assertThat(disk.names(P0)).as(what).contains(Fixtures.name(newest) + ".broken");
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void everyBitFlipIsDetected(boolean compress) throws IOException {
        byte[] olderBytes = encode(older, compress);
        byte[] file = encode(newest, compress);
        for (int bit = 0; bit < file.length * 8; bit++) {
            byte[] flipped = file.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFallsBack(olderBytes, flipped, "flip of bit " + bit + " of " + file.length * 8);
        }
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void everyTruncationAndExtensionIsDetected(boolean compress) throws IOException {
        byte[] olderBytes = encode(older, compress);
        byte[] file = encode(newest, compress);
        for (int length = 0; length < file.length; length++) {
            assertFallsBack(olderBytes, Arrays.copyOf(file, length), "truncation to " + length + " bytes");
        }
        assertFallsBack(olderBytes, Arrays.copyOf(file, file.length + 1), "one zero byte appended");
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        byte[] extended = Arrays.copyOf(file, file.length + junk.length);
        System.arraycopy(junk, 0, extended, file.length, junk.length);
        assertFallsBack(olderBytes, extended, "junk appended");
        assertFallsBack(olderBytes, new byte[file.length], "all zeros");
        assertFallsBack(olderBytes, junk, "random bytes");
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void hostileLengthsUnderValidChecksumsAreRejectedWithoutAllocating(boolean compress) throws IOException {
        byte[] olderBytes = encode(older, compress);
        byte[] file = encode(newest, compress);
        Map<String, byte[]> cases = new LinkedHashMap<>();
        for (long length : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, Integer.MAX_VALUE, 1L << 40}) {
            cases.put("payloadLength=" + length, Tamper.of(file).putLong(Tamper.PAYLOAD_LENGTH, length).sealed());
            cases.put("rawPayloadLength=" + length, Tamper.of(file).putLong(Tamper.RAW_PAYLOAD_LENGTH, length).sealed());
        }
        for (int count : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, SnapshotFormat.DEFAULT_MAX_EVENTS + 1, 41, 39}) {
            cases.put("eventCount=" + count, Tamper.of(file).putInt(Tamper.EVENT_COUNT, count).sealed());
        }
        for (int headerLength : new int[] {0, 1, 11, 12, 76, 0xFFFF}) {
            cases.put("headerLength=" + headerLength, Tamper.of(file).putShort(Tamper.HEADER_LENGTH, headerLength).sealed());
        }
        cases.put("storeNameLength=255", Tamper.of(file).put(Tamper.STORE_NAME_LENGTH, (byte) 255).sealed());
        cases.put("storeNameLength=0", Tamper.of(file).put(Tamper.STORE_NAME_LENGTH, (byte) 0).sealed());
        cases.put("compression=7", Tamper.of(file).put(Tamper.COMPRESSION, (byte) 7).sealed());
        cases.put("compression flipped", Tamper.of(file).put(Tamper.COMPRESSION, (byte) (compress ? 0 : 1)).sealed());
        cases.put("format version 0", Tamper.of(file).putShort(Tamper.FORMAT_VERSION, 0).sealed());
        if (!compress) {
            // a label length prefix of 2 GiB inside a payload whose checksum matches
            int firstLabel = Tamper.of(file).headerLength();
            cases.put("label length 2^31-1", Tamper.of(file).putInt(firstLabel, Integer.MAX_VALUE).sealed());
            cases.put("label length -1", Tamper.of(file).putInt(firstLabel, -1).sealed());
        }
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            assertFallsBack(olderBytes, c.getValue(), c.getKey());
        }
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void formatLevelErrorsAreTyped(boolean compress) throws IOException {
        byte[] file = encode(newest, compress);
        SnapshotFormat format = SnapshotFormat.defaults();
        assertThatThrownBy(() -> format.decode(new byte[0], "'orders' partition 0 file f.snap", EventCodecs.metricEvent()))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessage("Corrupt snapshot 'orders' partition 0 file f.snap: empty file (0 bytes)");
        byte[] truncated = Arrays.copyOf(file, file.length - 1);
        assertThatThrownBy(() -> format.decode(truncated, "f", EventCodecs.metricEvent()))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("truncated");
        byte[] huge = Tamper.of(file).putLong(Tamper.RAW_PAYLOAD_LENGTH, Long.MAX_VALUE).sealed();
        assertThatThrownBy(() -> format.decode(huge, "f", EventCodecs.metricEvent()))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("uncompressed payload length " + Long.MAX_VALUE);
        ByteBuffer.wrap(file).putInt(0, 0x504B0304); // a zip file, say
        assertThatThrownBy(() -> format.decode(file, "f", EventCodecs.metricEvent()))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("bad magic 0x504B0304");
    }
}
