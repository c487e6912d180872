package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's behaviour on a real file system. */
class FileSystemSnapshotStoreTest {

    @TempDir
    Path root;

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savesIntoTheDocumentedLayoutAndLoadsItBack() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.defaults(), recorder);
        PartitionSnapshot<Event> s = Fixtures.events(3, 0x1234, 10, 0);
        SavedSnapshot saved = store.save(s, EventCodecs.event(), false);

        Path file = root.resolve("orders/p3/0000000000001234-0000018bcfe57a34.snap");
        assertThat(saved.fileName()).isEqualTo(file.getFileName().toString());
        assertThat(saved.bytes()).isEqualTo(Files.size(file)).isEqualTo(recorder.bytesSaved);
        assertThat(files(file.getParent())).containsExactly(file.getFileName().toString());
        assertThat(store.loadLatest(STORE, 3, EventCodecs.event(), OptionalInt.of(1))).contains(s);
        assertThat(store.loadLatest(STORE, 4, EventCodecs.event(), OptionalInt.empty())).isEmpty();
        assertThat(store.loadLatest("other", 3, EventCodecs.event(), OptionalInt.empty())).isEmpty();
    }

    @Test
    void newestIsChosenByLastSequenceThenTakenAt() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> older = Fixtures.events(100, 5);
        PartitionSnapshot<Event> bySequence = Fixtures.events(0x1_0000, 5); // larger sequence, hex sorts differently
        PartitionSnapshot<Event> sameSequenceLater = new PartitionSnapshot<>(STORE, 0, bySequence.firstSequence(),
                bySequence.lastSequence(), 0, bySequence.takenAt().plusMillis(1), 1, List.of(
                        new Event(1, 1, 1), new Event(2, 2, 2), new Event(3, 3, 3), new Event(4, 4, 4), new Event(5, 5, 5)));
        store.save(sameSequenceLater, EventCodecs.event(), true);
        store.save(older, EventCodecs.event(), false);
        store.save(bySequence, EventCodecs.event(), false);
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(sameSequenceLater);
    }

    @Test
    void fallsBackToAnOlderSnapshotWhenTheNewestIsCorrupt() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.defaults(), recorder);
        PartitionSnapshot<Event> good = Fixtures.events(10, 3);
        PartitionSnapshot<Event> bad = Fixtures.events(20, 3);
        store.save(good, EventCodecs.event(), false);
        store.save(bad, EventCodecs.event(), false);
        Path badFile = root.resolve("orders/p0").resolve(Fixtures.name(bad));
        byte[] bytes = Files.readAllBytes(badFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(badFile, bytes);

        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(good);
        assertThat(recorder.quarantined).containsExactly(Fixtures.name(bad));
        assertThat(files(badFile.getParent())).containsExactly(Fixtures.name(good), Fixtures.name(bad) + ".broken");
        // the quarantined file keeps its bytes for a post-mortem
        assertThat(Files.readAllBytes(badFile.resolveSibling(Fixtures.name(bad) + ".broken"))).isEqualTo(bytes);
    }

    @Test
    void abandonedTempsAreDeletedAndForeignFilesLeftAlone() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> s = Fixtures.events(10, 3);
        store.save(s, EventCodecs.event(), false);
        Path dir = root.resolve("orders/p0");
        Files.write(dir.resolve(FileSystemSnapshotStore.fileName(99, 99) + ".tmp"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("epoch.tmp"), new byte[] {1});
        for (String foreign : List.of("README", "notes.snap", "0000000000000063-0000000000000063.SNAP",
                "x.tmp", "00000000000000ff-0000000000000001.snap.bak")) {
            Files.write(dir.resolve(foreign), new byte[] {9});
        }
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(s);
        assertThat(files(dir)).containsExactlyInAnyOrder("0000000000000063-0000000000000063.SNAP",
                "00000000000000ff-0000000000000001.snap.bak", Fixtures.name(s), "README", "notes.snap", "x.tmp");
    }

    @Test
    void expectedSchemaVersionMismatchFailsFastNamingBothVersionsAndThePartition() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<MetricEvent> s = Fixtures.metrics(10, 3, new Random(7)); // schema version 3
        store.save(s, EventCodecs.metricEvent(), false);
        assertThatThrownBy(() -> store.loadLatest(STORE, 0, EventCodecs.metricEvent(), OptionalInt.of(2)))
                .isInstanceOf(IncompatibleSnapshotException.class)
                .hasMessageStartingWith("Snapshot schema mismatch. Expected=2 Actual=3 Partition=0");
        assertThat(store.loadLatest(STORE, 0, EventCodecs.metricEvent(), OptionalInt.of(3))).contains(s);
        // a mismatch is not corruption: the file is left where it is
        assertThat(files(root.resolve("orders/p0"))).containsExactly(Fixtures.name(s));
    }

    @Test
    void restoringWithTheWrongCodecFailsFastAndQuarantinesNothing() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.save(Fixtures.events(10, 3), EventCodecs.event(), false);
        assertThatThrownBy(() -> store.loadLatest(STORE, 0, EventCodecs.metricEvent(), OptionalInt.empty()))
                .isInstanceOf(IncompatibleSnapshotException.class)
                .hasMessageContaining("written with codec 'lockfree.Event/1'");
        assertThat(files(root.resolve("orders/p0"))).noneMatch(n -> n.endsWith(".broken"));
    }

    @Test
    void aSnapshotInTheWrongDirectoryIsNotTrusted() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> p1 = Fixtures.events(1, 10, 3, 0);
        store.save(p1, EventCodecs.event(), false);
        Files.createDirectories(root.resolve("orders/p2"));
        Files.copy(root.resolve("orders/p1").resolve(Fixtures.name(p1)), root.resolve("orders/p2").resolve(Fixtures.name(p1)));
        assertThat(store.loadLatest(STORE, 2, EventCodecs.event(), OptionalInt.empty())).isEmpty();
        assertThat(files(root.resolve("orders/p2"))).containsExactly(Fixtures.name(p1) + ".broken");
    }

    @Test
    void listsPartitionsAndStores() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        for (int p : new int[] {10, 2, 0}) {
            store.save(Fixtures.events(p, 5, 1, 0), EventCodecs.event(), false);
        }
        Files.createDirectories(root.resolve("orders/p01"));
        Files.createDirectories(root.resolve("orders/tmp"));
        Files.write(root.resolve("orders/p7"), new byte[0]); // a file, not a directory
        Files.createDirectories(root.resolve("..hidden"));
        assertThat(store.partitions(STORE)).containsExactly(0, 2, 10);
        assertThat(store.partitions("absent")).isEmpty();
        assertThat(store.stores()).containsExactly("orders");
    }

    @Test
    void rejectsUnsafeNamesAndArgumentsBeforeTouchingTheDisk() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        assertThatThrownBy(() -> store.loadLatest("../x", 0, EventCodecs.event(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Store name must not contain '..'");
        assertThatThrownBy(() -> store.prune(STORE, -1, 1)).hasMessage("Partition must be >= 0: -1");
        assertThatThrownBy(() -> store.prune(STORE, 0, 0)).hasMessage("keep must be >= 1: 0");
        assertThatThrownBy(() -> store.partitions("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.writeEpochMarker(STORE, 0, -1)).hasMessage("epoch must be >= 0: -1");
        assertThat(files(root)).isEmpty();
    }

    @Test
    void savingTheSameSnapshotTwiceReplacesItAtomically() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> s = Fixtures.events(10, 3);
        store.save(s, EventCodecs.event(), false);
        store.save(s, EventCodecs.event(), true);
        assertThat(files(root.resolve("orders/p0"))).containsExactly(Fixtures.name(s));
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(s);
    }

    @Test
    void anOversizedFileIsRejectedBeforeItIsRead() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.withLimits(4096, 4096, 100),
                recorder);
        PartitionSnapshot<Event> s = Fixtures.events(10, 3);
        store.save(s, EventCodecs.event(), false);
        Path big = root.resolve("orders/p0").resolve(FileSystemSnapshotStore.fileName(11, 0));
        Files.write(big, new byte[8192]);
        Optional<PartitionSnapshot<Event>> loaded = store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty());
        assertThat(loaded).contains(s);
        assertThat(recorder.quarantined).containsExactly(big.getFileName().toString());
    }
}
