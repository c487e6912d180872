package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;

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

/** P6: retention keeps exactly the newest N valid snapshots and nothing it does not own is ever deleted. */
class RetentionTest {

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

    private List<String> snapshots() throws IOException {
        return files().stream().filter(n -> n.matches("[0-9a-f]{16}-[0-9a-f]{16}\\.snap")).toList();
    }

    private static List<String> names(long... sequences) {
        return java.util.Arrays.stream(sequences).mapToObj(seq -> Fixtures.name(Fixtures.events(seq, 1))).sorted().toList();
    }

    @Test
    void keepsExactlyTheNewestNAndNeverForeignFiles() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.save(Fixtures.events(1, 1), EventCodecs.event(), false);
        Path dir = root.resolve("orders/p0");
        List<String> foreign = List.of("README", "x.snap.bak", names(0).get(0) + ".broken", "foo.tmp",
                "0000000000000000-0000000000000000.snap.old", "00000000000000zz-0000000000000000.snap");
        for (String name : foreign) {
            Files.write(dir.resolve(name), new byte[] {1});
        }
        Files.createDirectory(dir.resolve("sub"));

        for (long seq = 2; seq <= 8; seq++) {
            store.save(Fixtures.events(seq, 1), EventCodecs.event(), seq % 2 == 0);
            int deleted = store.prune(STORE, 0, 3);
            assertThat(deleted).as("after save %d", seq).isEqualTo(seq > 3 ? 1 : 0);
            assertThat(snapshots()).hasSize((int) Math.min(seq, 3));
        }
        assertThat(snapshots()).isEqualTo(names(6, 7, 8));
        assertThat(files()).containsAll(foreign).contains("sub");
        assertThat(store.prune(STORE, 0, 3)).isZero();
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(Fixtures.events(8, 1));
    }

    @Test
    void neverDeletesTheOnlyValidSnapshot() throws IOException {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root, SnapshotFormat.defaults(), recorder);
        PartitionSnapshot<Event> valid = Fixtures.events(5, 3);
        store.save(Fixtures.events(4, 3), EventCodecs.event(), false);
        store.save(valid, EventCodecs.event(), false);
        Path dir = root.resolve("orders/p0");
        for (long seq = 6; seq <= 8; seq++) {
            Files.write(dir.resolve(Fixtures.name(Fixtures.events(seq, 1))), new byte[] {0, 0, 0});
        }

        assertThat(store.prune(STORE, 0, 1)).isEqualTo(1); // only the older valid one
        assertThat(snapshots()).containsExactly(Fixtures.name(valid));
        assertThat(recorder.quarantined).hasSize(3);
        assertThat(files()).filteredOn(n -> n.endsWith(".broken")).hasSize(3);
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(valid);
    }

    @Test
    void aCorruptNewestDoesNotCountTowardsTheKept() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        for (long seq = 1; seq <= 5; seq++) {
            store.save(Fixtures.events(seq, 2), EventCodecs.event(), false);
        }
        Path newest = root.resolve("orders/p0").resolve(Fixtures.name(Fixtures.events(5, 2)));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 10] ^= 1;
        Files.write(newest, bytes);

        assertThat(store.prune(STORE, 0, 2)).isEqualTo(2);
        assertThat(snapshots()).isEqualTo(names(3, 4));
        assertThat(files()).contains(newest.getFileName() + ".broken");
    }

    @Test
    void pruningAnAbsentPartitionDoesNothing() throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        assertThat(store.prune(STORE, 9, 1)).isZero();
        assertThat(Files.exists(root.resolve("orders"))).isFalse();
    }
}
