package dev.lockfree.eventstore.boot.observation;

import java.io.IOException;
import java.nio.file.Path;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.FlakyCodec;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.Persisted;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ObservationSnapshotListenerTests {

    @TempDir
    Path dir;

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    @Test
    void saveAndPruneAreObservedWithStoreOperationOutcomeAndPartition() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).create();
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, EventCodecs.event(),
                SnapshotFixtures.quickOptions().build(), new ObservationSnapshotListener(registry, null))) {
            store.tryAppend(new Event(1, 1, 1), 1);
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
        }
        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("eventstore.snapshot", 2)
                .hasHandledContextsThatSatisfy(contexts -> {
                    assertThat(contexts).hasSize(2);
                    assertThat(contexts.get(0).getContextualName()).isEqualTo("snapshot.save");
                    assertThat(contexts.get(1).getContextualName()).isEqualTo("snapshot.prune");
                })
                .forAllObservationsWithNameEqualTo("eventstore.snapshot", observation -> observation
                        .doesNotHaveError()
                        .hasLowCardinalityKeyValue("store", "orders")
                        .hasLowCardinalityKeyValue("outcome", "success")
                        .hasHighCardinalityKeyValue("partition", "1"))
                .hasAnObservation(observation -> observation.hasContextualNameEqualTo("snapshot.save")
                        .hasLowCardinalityKeyValue("operation", "save"))
                .hasAnObservation(observation -> observation.hasContextualNameEqualTo("snapshot.prune")
                        .hasLowCardinalityKeyValue("operation", "prune"));
    }

    @Test
    void aFailedSaveRecordsTheErrorAndTheFailureOutcome() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        FlakyCodec codec = new FlakyCodec();
        codec.failing.set(true);
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, codec,
                SnapshotFixtures.quickOptions().build(), new ObservationSnapshotListener(registry, null))) {
            store.tryAppend(new Event(1, 1, 1));
            store.tryAppend(new Event(2, 2, 2)); // a codec failing on every event of two is broken: the save fails
            assertThat(persisted.snapshots().snapshotNow()).isZero();
        }
        assertThat(registry).hasSingleObservationThat().hasBeenStarted().hasBeenStopped()
                .hasNameEqualTo("eventstore.snapshot")
                .hasContextualNameEqualTo("snapshot.save")
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("operation", "save")
                .hasError()
                .assertThatError().hasMessageContaining("disk on fire");
    }

    @Test
    void restoreIsObservedForTheWholeStore() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, "orders", EventCodecs.event(),
                new FileSystemSnapshotStore(dir), SnapshotFixtures.quickOptions().build(),
                new ObservationSnapshotListener(registry, null))) {
            snapshotter.restore();
        }
        assertThat(registry).hasSingleObservationThat().hasNameEqualTo("eventstore.snapshot")
                .hasContextualNameEqualTo("snapshot.restore")
                .hasLowCardinalityKeyValue("operation", "restore")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasHighCardinalityKeyValue("partition", "all")
                .doesNotHaveError();
    }

    @Test
    void aCustomConventionRenamesAndRetags() throws IOException {
        SnapshotObservationConvention custom = new DefaultSnapshotObservationConvention() {
            @Override
            public String getName() {
                return "acme.persistence";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(SnapshotObservationContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "payments");
            }
        };
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        try (Snapshotter<Event> snapshotter = new Snapshotter<>(store, "orders", EventCodecs.event(),
                new FileSystemSnapshotStore(dir), SnapshotFixtures.quickOptions().build(),
                new ObservationSnapshotListener(registry, custom))) {
            snapshotter.restore();
        }
        assertThat(registry).hasSingleObservationThat().hasNameEqualTo("acme.persistence")
                .hasLowCardinalityKeyValue("team", "payments")
                .hasLowCardinalityKeyValue("store", "orders");
    }
}
