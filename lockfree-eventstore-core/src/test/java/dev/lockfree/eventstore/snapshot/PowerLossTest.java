package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.P0;
import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * P1: a simulated power loss at every storage call of a snapshot cycle (save + prune, and writing an epoch
 * marker), with 20 seeds for what the crash keeps of un-synced state.
 */
class PowerLossTest {

    private static final int SEEDS = 20;
    private static final int KEEP = 2;

    static {
        Fixtures.quietLogs();
    }

    private final PartitionSnapshot<Event> a1 = Fixtures.events(10, 4);
    private final PartitionSnapshot<Event> a2 = Fixtures.events(20, 6);
    private final PartitionSnapshot<Event> b = Fixtures.events(30, 9);
    private final PartitionSnapshot<Event> c = Fixtures.events(40, 2);

    /** Two durable snapshots, as if written long ago. */
    private FaultyStorage diskWithHistory(boolean compress) throws IOException {
        FaultyStorage disk = new FaultyStorage();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(disk.root());
        store.save(a1, EventCodecs.event(), compress);
        store.save(a2, EventCodecs.event(), compress);
        return disk;
    }

    /** @return whether save returned (it promises durability) before the power went out, if it did */
    private boolean[] cycle(FileSystemSnapshotStore store, boolean compress, boolean[] saveReturned) throws IOException {
        store.save(b, EventCodecs.event(), compress);
        saveReturned[0] = true;
        store.prune(STORE, 0, KEEP);
        return saveReturned;
    }

    /** Index, within the cycle, of the directory sync that makes {@code b} durable. */
    private static int durableAt(List<FaultyStorage.Call> cycle, String name) {
        int rename = -1;
        for (int i = 0; i < cycle.size(); i++) {
            FaultyStorage.Call call = cycle.get(i);
            if (call.op() == FaultyStorage.Op.RENAME && call.detail().endsWith("-> " + name)) {
                rename = i;
            } else if (rename >= 0 && call.op() == FaultyStorage.Op.SYNC_DIR) {
                return i;
            }
        }
        throw new AssertionError("no rename + directory sync of " + name + " in " + cycle);
    }

    @Test
    void restoreAfterAPowerLossAtAnyCallYieldsTheLastDurableSnapshotOrThePreviousOne() throws IOException {
        int crashes = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            System.out.println("PowerLossTest save cycle seed=" + seed);
            Random random = new Random(seed);
            boolean compress = seed % 2 == 1;

            FaultyStorage dry = diskWithHistory(compress);
            long start = dry.calls();
            cycle(new FileSystemSnapshotStore(dry.root()), compress, new boolean[1]);
            List<FaultyStorage.Call> calls = dry.traceFrom(start);
            int durable = durableAt(calls, Fixtures.name(b));

            for (int k = 0; k <= calls.size(); k++) {
                FaultyStorage disk = diskWithHistory(compress);
                FileSystemSnapshotStore store = new FileSystemSnapshotStore(disk.root());
                disk.crashAtCall(disk.calls() + k);
                boolean[] saveReturned = new boolean[1];
                try {
                    cycle(store, compress, saveReturned);
                    assertThat(k).as("only the run past the last call completes").isEqualTo(calls.size());
                } catch (FaultyStorage.SimulatedCrash expected) {
                    crashes++;
                }
                disk.crash(random);

                String at = "seed " + seed + ", crash before call " + k + " of " + calls.size()
                        + (k < calls.size() ? " (" + calls.get(k) + ")" : "");
                FileSystemSnapshotStore restarted = new FileSystemSnapshotStore(disk.root());
                Optional<PartitionSnapshot<Event>> restored = restoreWithoutThrowing(restarted, at);
                if (k > durable || saveReturned[0]) {
                    assertThat(restored).as(at).contains(b);
                } else {
                    assertThat(restored).as(at).hasValueSatisfying(s -> assertThat(s).isIn(a2, b));
                }
                assertThat(disk.names(P0)).as(at).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".broken"));

                // and the next period works on whatever the crash left
                restarted.save(c, EventCodecs.event(), compress);
                restarted.prune(STORE, 0, KEEP);
                assertThat(restarted.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).as(at).contains(c);
                assertThat(disk.names(P0).stream().filter(n -> n.endsWith(".snap"))).as(at).hasSize(KEEP);
            }
        }
        assertThat(crashes).isGreaterThan(SEEDS * 10);
    }

    @Test
    void aPurgedEpochNeverComesBackOnceItsMarkerWasWritten() throws IOException {
        for (int seed = 0; seed < SEEDS; seed++) {
            System.out.println("PowerLossTest epoch marker seed=" + seed);
            Random random = new Random(1000 + seed);

            FaultyStorage dry = diskWithHistory(false);
            long start = dry.calls();
            new FileSystemSnapshotStore(dry.root()).writeEpochMarker(STORE, 0, 1);
            List<FaultyStorage.Call> calls = dry.traceFrom(start);
            int durable = durableAt(calls, FileSystemSnapshotStore.EPOCH_FILE);

            for (int k = 0; k <= calls.size(); k++) {
                FaultyStorage disk = diskWithHistory(false);
                disk.crashAtCall(disk.calls() + k);
                try {
                    new FileSystemSnapshotStore(disk.root()).writeEpochMarker(STORE, 0, 1);
                } catch (FaultyStorage.SimulatedCrash expected) {
                    // power lost
                }
                disk.crash(random);

                String at = "seed " + seed + ", crash before call " + k + " of " + calls.size();
                FileSystemSnapshotStore restarted = new FileSystemSnapshotStore(disk.root());
                Optional<PartitionSnapshot<Event>> restored = restoreWithoutThrowing(restarted, at);
                OptionalLong marker = restarted.readEpochMarker(STORE, 0);
                if (k > durable) {
                    assertThat(marker).as(at).hasValue(1);
                }
                // the rename may also have reached the disk without the directory sync: then it must be obeyed
                if (marker.isPresent()) {
                    assertThat(restored).as(at).isEmpty();
                } else {
                    assertThat(restored).as(at).contains(a2);
                }
            }
        }
    }

    private static Optional<PartitionSnapshot<Event>> restoreWithoutThrowing(FileSystemSnapshotStore store, String at) {
        @SuppressWarnings("unchecked")
        Optional<PartitionSnapshot<Event>>[] result = new Optional[1];
        assertThatCode(() -> result[0] = store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()))
                .as(at).doesNotThrowAnyException();
        return result[0];
    }
}
