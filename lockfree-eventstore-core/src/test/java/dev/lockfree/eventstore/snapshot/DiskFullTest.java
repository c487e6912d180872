package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** P5: a real "No space left on device" on a 256 KiB tmpfs (needs root; skipped with the reason otherwise). */
class DiskFullTest {

    private static Path mountPoint;
    private static boolean mounted;
    private static String mountOutput = "";

    @BeforeAll
    static void mountSmallTmpfs() throws IOException, InterruptedException {
        mountPoint = Files.createTempDirectory("lfes-diskfull");
        mountOutput = run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mountPoint.toString());
        mounted = mountOutput == null;
    }

    @AfterAll
    static void unmount() throws IOException, InterruptedException {
        if (mounted) {
            String failure = run("umount", mountPoint.toString());
            assertThat(failure).as("umount " + mountPoint).isNull();
        }
        try (Stream<Path> leftovers = Files.walk(mountPoint)) {
            leftovers.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs a command; null on success, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.toString();
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " timed out";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }

    private static long snapshotFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aFullDiskFailsTheSaveCleanlyAndTheNextSaveSucceedsOnceThereIsSpace() throws IOException {
        assumeTrue(mounted, () -> "cannot mount a 256 KiB tmpfs here (root and CAP_SYS_ADMIN needed): " + mountOutput);
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(mountPoint.resolve("snapshots"));
        PartitionSnapshot<Event> small = Fixtures.events(100, 100);         // ~2 KiB
        PartitionSnapshot<Event> huge = Fixtures.events(30_000, 20_000);    // ~400 KiB: never fits
        PartitionSnapshot<Event> medium = Fixtures.events(40_000, 5_000);   // ~100 KiB: fits once space is freed
        store.save(small, EventCodecs.event(), false);
        Path dir = mountPoint.resolve("snapshots/orders/p0");

        assertThatThrownBy(() -> store.save(huge, EventCodecs.event(), false))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThat(snapshotFiles(dir)).as("no temp and no zero-length final file").isEqualTo(1);
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(small);

        Path filler = mountPoint.resolve("filler");
        Files.write(filler, new byte[200 * 1024]);
        assertThatThrownBy(() -> store.save(medium, EventCodecs.event(), false))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThat(snapshotFiles(dir)).isEqualTo(1);
        Files.delete(filler);

        store.save(medium, EventCodecs.event(), false);
        assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).contains(medium);
        assertThat(store.prune(STORE, 0, 1)).isEqualTo(1);
    }
}
