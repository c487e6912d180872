package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.PoisonCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The endpoint without HTTP, as JMX sees it. */
class EventStoreEndpointTests {

    @TempDir
    Path dir;

    private final EventStore<Event> orders = Event.storeBuilder().withPartitions(2).withCapacityPerPartition(3).create();
    private final EventStoreRegistry registry = new EventStoreRegistry(List.of(
            new EventStoreRegistry.Entry<>("orders", Event.class, orders, "test", true)));

    @Test
    void countersMoveWithTheStore() {
        EventStoreEndpoint endpoint = new EventStoreEndpoint(registry, null);
        assertThat(endpoint.stores().stores().get("orders").appended()).isZero();
        for (int i = 0; i < 8; i++) {
            orders.tryAppend(new Event(i, i, i), 0);
        }
        StoreDescriptor store = endpoint.stores().stores().get("orders");
        assertThat(store.appended()).isEqualTo(8);
        assertThat(store.discarded()).isEqualTo(5); // evict-oldest keeps the newest 3
        assertThat(store.buffered()).isEqualTo(3);
        assertThat(store.full()).isFalse(); // partition 1 still has room
        assertThat(store.capacity()).isEqualTo(6);
        assertThat(store.lastAppend()).isNotNull();
        assertThat(store.snapshot()).isEqualTo(SnapshotDescriptor.disabled());

        StoreDetailsDescriptor details = endpoint.store("orders");
        assertThat(details).isNotNull();
        assertThat(details.partitionDetails()).extracting(PartitionDescriptor::full).containsExactly(true, false);
        assertThat(details.partitionDetails().get(0).snapshot()).isNull();
    }

    @Test
    void unknownStoresAreNullOnReadAndAnErrorNamingThemOnWrite() {
        EventStoreEndpoint endpoint = new EventStoreEndpoint(registry, null);
        assertThat(endpoint.store("nope")).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> endpoint.snapshot("nope"))
                .withMessage("No event store named 'nope'; known stores: [orders]");
    }

    @Test
    void snapshotOnDemandExplainsWhyItCannotRun() {
        assertThatIllegalStateException().isThrownBy(() -> new EventStoreEndpoint(registry, null).snapshot("orders"))
                .withMessageContaining("snapshots are off (eventstore.snapshot.enabled=false)");

        EventStoreProperties.Snapshot settings =
                new EventStoreProperties.Snapshot(true, dir, Duration.ofHours(1), 0, 1, Duration.ofSeconds(1), false);
        EventStoreSnapshotLifecycle lifecycle = new EventStoreSnapshotLifecycle(registry, settings.directory(),
                settings.snapshotOptions(), Map.of("orders", EventCodecs.event()));
        EventStoreEndpoint endpoint = new EventStoreEndpoint(registry, lifecycle);
        // before the lifecycle started: known, persisted, but not running
        assertThat(endpoint.stores().stores().get("orders").snapshot().enabled()).isTrue();
        assertThat(endpoint.stores().stores().get("orders").snapshot().running()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> endpoint.snapshot("orders"))
                .withMessageContaining("not running");
        lifecycle.start();
        try {
            orders.tryAppend(new Event(1, 1, 1), 1);
            SnapshotTakenDescriptor taken = endpoint.snapshot("orders");
            assertThat(taken.partitionsWritten()).isEqualTo(1);
            assertThat(taken.snapshot().snapshots()).isEqualTo(1);
            assertThat(taken.snapshot().ageSeconds()).isZero();
            assertThat(taken.snapshot().lastSnapshot()).isNotNull();
            StoreDetailsDescriptor details = endpoint.store("orders");
            assertThat(details.partitionDetails().get(1).snapshot().snapshots()).isEqualTo(1);
            assertThat(details.partitionDetails().get(1).snapshot().lastVersion()).isZero();
            assertThat(details.partitionDetails().get(0).snapshot().snapshots()).isZero();
        } finally {
            lifecycle.stop();
        }
    }

    @Test
    void eachPartitionShowsTheEventsItsSnapshotsLeftOut() {
        EventStoreProperties.Snapshot settings =
                new EventStoreProperties.Snapshot(true, dir, Duration.ofHours(1), 0, 1, Duration.ofSeconds(1), false);
        EventStoreSnapshotLifecycle lifecycle = new EventStoreSnapshotLifecycle(registry, settings.directory(),
                settings.snapshotOptions(), Map.of("orders", new PoisonCodec()));
        EventStoreEndpoint endpoint = new EventStoreEndpoint(registry, lifecycle);
        lifecycle.start();
        try {
            orders.tryAppend(new Event(1, 1, 1), 1);
            orders.tryAppend(new Event(PoisonCodec.POISON_KEY, 2, 2), 1);
            orders.tryAppend(new Event(3, 3, 3), 0);
            assertThat(endpoint.snapshot("orders").partitionsWritten()).isEqualTo(2);
            StoreDetailsDescriptor details = endpoint.store("orders");
            assertThat(details.partitionDetails()).extracting(p -> p.snapshot().skippedEvents())
                    .containsExactly(0L, 1L);
            assertThat(details.partitionDetails().get(1).snapshot().failures()).isZero();
        } finally {
            lifecycle.stop();
        }
    }
}
