package dev.lockfree.eventstore.boot.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.SnapshotOperation;
import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StoreSnapshotsTests {

    @TempDir
    Path dir;

    @Test
    void recordsTheSizeOfTheNewestSnapshotOfEachPartitionAndTheLastFailure() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).create();
        SnapshotFixtures.FlakyCodec codec = new SnapshotFixtures.FlakyCodec();
        try (SnapshotFixtures.Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, codec,
                SnapshotFixtures.quickOptions().build())) {
            StoreSnapshots snapshots = persisted.snapshots();
            assertThat(snapshots.lastSnapshotBytes()).isZero();
            assertThat(snapshots.lastFailure()).isEmpty();
            store.tryAppend(new Event(1, 1.0, 1), 0);
            store.tryAppend(new Event(2, 2.0, 2), 1);
            assertThat(snapshots.snapshotNow()).isEqualTo(2);
            long twoPartitions = snapshots.lastSnapshotBytes();
            assertThat(twoPartitions).isPositive();

            store.tryAppend(new Event(3, 3.0, 3), 0);
            store.tryAppend(new Event(4, 4.0, 4), 0);
            assertThat(snapshots.snapshotNow()).isEqualTo(1);
            assertThat(snapshots.lastSnapshotBytes()).isGreaterThan(twoPartitions); // partition 0 grew

            codec.failing.set(true);
            store.tryAppend(new Event(5, 5.0, 5), 1);
            assertThat(snapshots.snapshotNow()).isZero();
            assertThat(snapshots.lastFailure()).hasValueSatisfying(failure -> {
                assertThat(failure.operation()).isEqualTo(SnapshotOperation.SAVE);
                assertThat(failure.partition()).isEqualTo(1);
                assertThat(failure.message()).contains("disk on fire");
            });
            assertThat(StoreSnapshots.consecutiveFailures(snapshots.metrics().orElseThrow())).isEqualTo(1);
        }
    }

    @Test
    void snapshotNowIsRefusedWhenNotRunning() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        SnapshotFixtures.Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, EventCodecs.event(),
                SnapshotFixtures.quickOptions().build());
        persisted.close();
        assertThatIllegalStateException().isThrownBy(() -> persisted.snapshots().snapshotNow())
                .withMessageContaining("'orders'").withMessageContaining("not running");
    }

    @Test
    void theLifecycleCreatesOnePerPersistedStoreAndAttachesItsSnapshotterOnStart() {
        EventStore<Event> orders = Event.storeBuilder().withPartitions(2).create();
        EventStore<Event> cache = Event.storeBuilder().withPartitions(1).create();
        EventStoreRegistry registry = new EventStoreRegistry(List.of(
                new EventStoreRegistry.Entry<>("orders", Event.class, orders, "test", true),
                new EventStoreRegistry.Entry<>("cache", Event.class, cache, "test", false)));
        SnapshotOptions options = SnapshotOptions.builder().interval(java.time.Duration.ofHours(1))
                .minEventsBetweenSnapshots(0).snapshotsToKeep(1).finalSnapshot(true, java.time.Duration.ofSeconds(1))
                .build();
        EventStoreSnapshotLifecycle lifecycle = new EventStoreSnapshotLifecycle(registry, dir, options,
                Map.of("orders", EventCodecs.event()));
        StoreSnapshots snapshots = lifecycle.snapshots("orders").orElseThrow();
        assertThat(lifecycle.snapshots("cache")).isEmpty();
        assertThat(snapshots.metrics()).isEmpty();
        assertThat(snapshots.isRunning()).isFalse();
        assertThat(snapshots.interval()).isEqualTo(java.time.Duration.ofHours(1));
        lifecycle.start();
        try {
            assertThat(snapshots.isRunning()).isTrue();
            assertThat(snapshots.metrics()).hasValueSatisfying(m -> assertThat(m.partitions()).hasSize(2));
            orders.tryAppend(new Event(1, 1, 1));
            assertThat(snapshots.snapshotNow()).isEqualTo(1);
        } finally {
            lifecycle.stop();
        }
        assertThat(snapshots.isRunning()).isFalse();
        assertThat(snapshots.metrics()).isPresent(); // still readable after stop
    }

    @Test
    void aThrowingListenerDoesNotKeepTheOthersFromHearing() throws IOException {
        List<String> heard = new CopyOnWriteArrayList<>();
        SnapshotListener broken = (operation, store, partition) -> {
            throw new IllegalStateException("broken listener");
        };
        SnapshotListener brokenOnEnd = (operation, store, partition) -> new SnapshotListener.Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
                throw new IllegalStateException("broken on end");
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
                throw new IllegalStateException("broken on end");
            }
        };
        SnapshotListener recording = (operation, store, partition) -> new SnapshotListener.Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
                heard.add(operation + ":" + outcome.outcome());
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
                heard.add(operation + ":" + outcome.outcome());
            }
        };
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        try (SnapshotFixtures.Persisted persisted = SnapshotFixtures.persisted("orders", store, dir,
                EventCodecs.event(), SnapshotFixtures.quickOptions().build(), broken, brokenOnEnd, recording)) {
            store.tryAppend(new Event(1, 1, 1));
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
            assertThat(persisted.snapshots().lastSnapshotBytes()).isPositive(); // the recorder still heard it
        }
        assertThat(heard).containsExactly("SAVE:success", "PRUNE:success");
    }
}
