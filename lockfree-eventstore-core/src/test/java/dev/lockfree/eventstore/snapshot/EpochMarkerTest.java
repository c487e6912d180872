package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Epoch markers: how a purged or cleared event never comes back after a restart. */
class EpochMarkerTest {

    static {
        Fixtures.quietLogs();
    }

    @TempDir
    Path root;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("orders/p0"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void snapshotsBelowTheMarkerAreGoneAndStaleSavesAreRefused() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.defaults(), recorder);
        assertThat(store.readEpochMarker(STORE, 0)).isEmpty();
        PartitionSnapshot<Event> a = Fixtures.events(0, 10, 3, 0);
        PartitionSnapshot<Event> b = Fixtures.events(0, 20, 3, 0);
        store.save(a, EventCodecs.event(), false);
        store.save(b, EventCodecs.event(), false);

        store.writeEpochMarker(STORE, 0, 1);
        assertThat(store.readEpochMarker(STORE, 0)).hasValue(1);
        assertThat(new FileSystemSnapshotStore(root).loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()))
                .isEmpty();
        assertThat(files()).containsExactly("epoch");
        assertThat(recorder.deleted).containsExactlyInAnyOrder(Fixtures.name(a), Fixtures.name(b));

        PartitionSnapshot<Event> c = Fixtures.events(0, 30, 3, 1);
        store.save(c, EventCodecs.event(), false);
        PartitionSnapshot<Event> captureBeforePurge = Fixtures.events(0, 40, 3, 0);
        assertThatThrownBy(() -> store.save(captureBeforePurge, EventCodecs.event(), false))
                .isInstanceOf(StaleSnapshotException.class)
                .hasMessageContaining("has epoch 0, below the epoch marker 1");
        assertThat(files()).containsExactly(Fixtures.name(c), "epoch");
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(c);
    }

    @Test
    void markersOnlyMoveForwardAndRewritingTheSameEpochIsHarmless() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.writeEpochMarker(STORE, 0, 5);
        assertThatThrownBy(() -> store.writeEpochMarker(STORE, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward: it is 5, requested 4");
        store.writeEpochMarker(STORE, 0, 5);
        store.writeEpochMarker(STORE, 0, 7);
        assertThat(new FileSystemSnapshotStore(root).readEpochMarker(STORE, 0)).hasValue(7);
        assertThat(store.readEpochMarker(STORE, 1)).isEmpty();
        assertThat(files()).containsExactly("epoch");
    }

    @Test
    void aSnapshotOfAnOlderEpochThatSlippedOntoDiskIsIgnoredThenPruned() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.defaults(), recorder);
        store.writeEpochMarker(STORE, 0, 2);
        PartitionSnapshot<Event> current = Fixtures.events(0, 10, 3, 2);
        store.save(current, EventCodecs.event(), false);
        // e.g. written by an older process that did not know about the marker
        PartitionSnapshot<Event> stale = Fixtures.events(0, 20, 3, 1);
        Files.write(root.resolve("orders/p0").resolve(Fixtures.name(stale)),
                SnapshotFormat.defaults().encode(stale, EventCodecs.event(), false));

        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(current);
        assertThat(recorder.skipped).containsExactly(Fixtures.name(stale));
        assertThat(recorder.quarantined).isEmpty();
        assertThat(store.prune(STORE, 0, 5)).isEqualTo(1);
        assertThat(files()).containsExactly(Fixtures.name(current), "epoch");
    }

    @Test
    void aCorruptMarkerStopsTheRestoreInsteadOfResurrectingPurgedData() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.save(Fixtures.events(0, 10, 3, 0), EventCodecs.event(), false);
        store.writeEpochMarker(STORE, 0, 1);
        store.save(Fixtures.events(0, 20, 3, 1), EventCodecs.event(), false);
        Path marker = root.resolve("orders/p0/epoch");
        byte[] bytes = Files.readAllBytes(marker);
        bytes[8] ^= 1;
        Files.write(marker, bytes);

        assertThatThrownBy(() -> store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("epoch marker checksum mismatch")
                .hasMessageContaining("refusing to guess");
        assertThatThrownBy(() -> store.readEpochMarker(STORE, 0)).isInstanceOf(CorruptSnapshotException.class);
        assertThatThrownBy(() -> store.prune(STORE, 0, 1)).isInstanceOf(CorruptSnapshotException.class);
        assertThat(files()).hasSize(2);
    }
}
