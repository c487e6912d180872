package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P2 of the reliability scorecard: kill -9 a JVM that snapshots continuously, 100 times, restoring each
 * time. Every restore must succeed, give a gap-free run per partition, and be at least as new as the
 * last snapshot the child confirmed; the next child continues from what was restored.
 * {@code -Dsnapshot.killCycles=N} changes the number of cycles (1,000 for a nightly run).
 */
class KillDuringSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void everyRestoreAfterKillMinus9SucceedsAndIsTheNewestConfirmedSnapshotOrNewer() throws Exception {
        int cycles = Integer.getInteger("snapshot.killCycles", 100);
        long seed = Long.getLong("snapshot.killSeed", System.nanoTime());
        System.out.println("KillDuringSnapshotTest seed=" + seed + " cycles=" + cycles);
        Random random = new Random(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        long[] confirmed = {-1, -1};
        for (int cycle = 0; cycle < cycles; cycle++) {
            Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                    classpath, KillDuringSnapshotChild.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            int savesBeforeKill = 1 + random.nextInt(6);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int saves = 0;
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("SAVED ")) {
                        String[] parts = line.split(" ");
                        int p = Integer.parseInt(parts[1]);
                        confirmed[p] = Math.max(confirmed[p], Long.parseLong(parts[2]));
                        if (++saves >= savesBeforeKill * 2) {
                            break;
                        }
                    } else if (!line.startsWith("RESTORED ")) {
                        throw new AssertionError("child said: " + line);
                    }
                }
                child.destroyForcibly(); // SIGKILL, mid-write more often than not
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            EventStore<Event> restored = KillDuringSnapshotChild.newStore();
            KillDuringSnapshotChild.snapshotter(restored, dir).restore();
            for (int p = 0; p < KillDuringSnapshotChild.PARTITIONS; p++) {
                List<Event> events = restored.copyPartition(p);
                long last = restored.lastSequence(p);
                assertThat(last).as("cycle %d partition %d restored sequence", cycle, p)
                        .isGreaterThanOrEqualTo(confirmed[p]);
                for (int i = 0; i < events.size(); i++) {
                    // value == sequence: a gap-free run ending at the restored sequence
                    assertThat((long) events.get(i).value()).isEqualTo(last - events.size() + 1 + i);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".broken"))).as("quarantined files").isEmpty();
        }
        System.out.println("KillDuringSnapshotTest: " + cycles + " kill -9 cycles, restored up to "
                + confirmed[0] + "/" + confirmed[1]);
    }
}
