package dev.lockfree.eventstore.snapshot;

import static dev.lockfree.eventstore.snapshot.Fixtures.P0;
import static dev.lockfree.eventstore.snapshot.Fixtures.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P4: an I/O error (EIO or ENOSPC) at each storage call of a save + prune cycle, one at a time. The attempt
 * must fail with an exception, leave no temp file, keep the older snapshots byte for byte, never sync a file
 * twice, and the next attempt must succeed once the fault is gone.
 */
class ErrorInjectionTest {

    static {
        Fixtures.quietLogs();
    }

    private final PartitionSnapshot<Event> a1 = Fixtures.events(10, 4);
    private final PartitionSnapshot<Event> a2 = Fixtures.events(20, 6);
    private final PartitionSnapshot<Event> b = Fixtures.events(30, 9);
    private final PartitionSnapshot<Event> c = Fixtures.events(40, 2);

    private FaultyStorage diskWithHistory() throws IOException {
        FaultyStorage disk = new FaultyStorage();
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(disk.root());
        store.save(a1, EventCodecs.event(), false);
        store.save(a2, EventCodecs.event(), false);
        return disk;
    }

    private void cycle(FileSystemSnapshotStore store) throws IOException {
        store.save(b, EventCodecs.event(), false);
        store.prune(STORE, 0, 2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EIO", "ENOSPC"})
    void everyFailingCallFailsTheAttemptVisiblyAndHarmlessly(String kind) throws IOException {
        Supplier<IOException> error = kind.equals("EIO") ? FaultyStorage::eio : FaultyStorage::enospc;
        FaultyStorage dry = diskWithHistory();
        long start = dry.calls();
        cycle(new FileSystemSnapshotStore(dry.root()));
        List<FaultyStorage.Call> calls = dry.traceFrom(start);
        Set<FaultyStorage.Op> covered = EnumSet.noneOf(FaultyStorage.Op.class);

        for (int k = 0; k < calls.size(); k++) {
            String at = kind + " at call " + k + " " + calls.get(k);
            FaultyStorage disk = diskWithHistory();
            byte[] a2Bytes = disk.content(P0, Fixtures.name(a2));
            long base = disk.calls();
            disk.failAtCall(base + k, error);
            FileSystemSnapshotStore store = new FileSystemSnapshotStore(disk.root());

            Throwable thrown = catchThrowable(() -> cycle(store));
            assertThat(thrown).as(at).isInstanceOf(IOException.class);
            assertThat(rootCauseMessages(thrown)).as(at).contains(error.get().getMessage());
            covered.add(calls.get(k).op());

            assertThat(disk.names(P0)).as(at).noneMatch(n -> n.endsWith(".tmp"));
            assertThat(disk.content(P0, Fixtures.name(a2))).as(at + ": older snapshot intact").isEqualTo(a2Bytes);
            long fileSyncs = disk.traceFrom(base).stream().filter(call -> call.op() == FaultyStorage.Op.SYNC).count();
            assertThat(fileSyncs).as(at + ": a failed force is never retried").isLessThanOrEqualTo(1);
            assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty()))
                    .as(at).hasValueSatisfying(s -> assertThat(s).isIn(a2, b));

            disk.clearFaults();
            store.save(c, EventCodecs.event(), false);
            store.prune(STORE, 0, 2);
            assertThat(store.loadLatest(STORE, 0, EventCodecs.event(), OptionalInt.empty())).as(at).contains(c);
        }
        assertThat(covered).contains(FaultyStorage.Op.CREATE, FaultyStorage.Op.WRITE, FaultyStorage.Op.SYNC,
                FaultyStorage.Op.RENAME, FaultyStorage.Op.SYNC_DIR, FaultyStorage.Op.DELETE, FaultyStorage.Op.OPEN,
                FaultyStorage.Op.READ, FaultyStorage.Op.LIST, FaultyStorage.Op.DIRECTORY);
    }

    private static String rootCauseMessages(Throwable t) {
        StringBuilder messages = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            messages.append(x.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
