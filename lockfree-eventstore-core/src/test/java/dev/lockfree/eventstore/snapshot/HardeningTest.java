package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** S6: the snapshot directories refuse links and shared write access, and create private files. */
class HardeningTest {

    static {
        Fixtures.quietLogs();
    }

    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void createsDirectoriesRwxOwnerOnlyAndFilesRwOwnerOnly() throws IOException {
        Path root = temp.resolve("data/snapshots");
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.save(Fixtures.events(10, 3), EventCodecs.event(), false);
        store.writeEpochMarker(STORE, 0, 0);
        Path dir = root.resolve("orders/p0");
        assertThat(mode(temp.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("orders"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(Fixtures.name(Fixtures.events(10, 3))))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("epoch"))).isEqualTo("rw-------");
    }

    @Test
    void refusesASymlinkedRoot() throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);
        assertThatThrownBy(() -> new FileSystemSnapshotStore(link))
                .isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("refusing to use this snapshot directory: it is a symbolic link");
    }

    @Test
    void refusesAWorldOrGroupWritableRootOrStoreDirectory() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new FileSystemSnapshotStore(root))
                .isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining("writable by group or others (rwxrwxrwx); make it rwx------ (chmod 700)");

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // readable is fine
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        Path storeDir = Files.createDirectory(root.resolve(STORE));
        Files.setPosixFilePermissions(storeDir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> store.save(Fixtures.events(10, 3), EventCodecs.event(), false))
                .isInstanceOf(UnsafeDirectoryException.class).hasMessageContaining("writable by group or others");
        assertThatThrownBy(() -> store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()))
                .isInstanceOf(UnsafeDirectoryException.class);
        assertThat(storeDir.resolve("p0")).doesNotExist();
    }

    @Test
    void refusesASymlinkedStoreDirectoryOrARootThatIsAFile() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve(STORE), elsewhere);
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        assertThatThrownBy(() -> store.save(Fixtures.events(10, 3), EventCodecs.event(), false))
                .isInstanceOf(UnsafeDirectoryException.class).hasMessageContaining("symbolic link");
        try (var s = Files.list(elsewhere)) {
            assertThat(s).isEmpty();
        }
        Path file = Files.write(temp.resolve("file"), new byte[0]);
        assertThatThrownBy(() -> new FileSystemSnapshotStore(file))
                .isInstanceOf(UnsafeDirectoryException.class).hasMessageContaining("not a directory");
    }

    @Test
    void aSymlinkPlantedAsASnapshotIsNotFollowed() throws IOException {
        Path root = temp.resolve("root");
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        PartitionSnapshot<Event> genuine = Fixtures.events(10, 3);
        store.save(genuine, EventCodecs.event(), false);

        // a perfectly valid, newer snapshot for the same store and partition, outside the root
        PartitionSnapshot<Event> planted = Fixtures.events(99, 3);
        FileSystemSnapshotStore outside = new FileSystemSnapshotStore(temp.resolve("outside"));
        outside.save(planted, EventCodecs.event(), false);
        Path target = temp.resolve("outside/orders/p0").resolve(Fixtures.name(planted));
        byte[] targetBytes = Files.readAllBytes(target);
        Path link = root.resolve("orders/p0").resolve(Fixtures.name(planted));
        Files.createSymbolicLink(link, target);

        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(genuine);
        Path quarantined = link.resolveSibling(link.getFileName() + ".broken");
        assertThat(Files.isSymbolicLink(quarantined)).as("the link itself was quarantined").isTrue();
        assertThat(Files.readAllBytes(target)).as("the target is untouched").isEqualTo(targetBytes);
    }

    @Test
    void aSymlinkPlantedAtTheTempNameIsNeverWrittenThrough() throws IOException {
        Path root = temp.resolve("root");
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        store.save(Fixtures.events(1, 1), EventCodecs.event(), false);
        Path victim = Files.writeString(temp.resolve("victim"), "precious");
        PartitionSnapshot<Event> next = Fixtures.events(10, 3);
        Files.createSymbolicLink(root.resolve("orders/p0").resolve(Fixtures.name(next) + ".tmp"), victim);

        store.save(next, EventCodecs.event(), false);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(next);
        assertThat(Files.isRegularFile(root.resolve("orders/p0").resolve(Fixtures.name(next)), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
    }
}
