package dev.lockfree.eventstore.boot.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.FlakyCodec;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.MutableClock;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.Persisted;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.PoisonCodec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreMeterBinderTests {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void eventMetersFollowTheStoreWithUnitsAndTheStoreTag() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).withCapacityPerPartition(2)
                .withOverflowPolicy(OverflowPolicy.REJECT).create();
        new EventStoreMeterBinder("orders", store, null, false, Duration.ZERO).bindTo(registry);

        assertThat(counter("eventstore.events.appended").count()).isZero();
        for (int i = 0; i < 5; i++) {
            store.tryAppend(new Event(i, i, i), 0);
        }
        store.tryAppend(new Event(9, 9, 9), 1);
        assertThat(counter("eventstore.events.appended").count()).isEqualTo(3);
        assertThat(counter("eventstore.events.rejected").count()).isEqualTo(3);
        assertThat(counter("eventstore.events.discarded").count()).isZero();
        assertThat(gauge("eventstore.events.buffered").value()).isEqualTo(3);
        assertThat(gauge("eventstore.events.capacity").value()).isEqualTo(4);
        assertThat(gauge("eventstore.partitions").value()).isEqualTo(2);

        store.clear();
        assertThat(registry.get("eventstore.events.removed").tag("store", "orders").tag("reason", "clear")
                .functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("eventstore.events.removed").tag("reason", "purge").functionCounter().count()).isZero();
        assertThat(gauge("eventstore.events.buffered").value()).isZero();

        // "events" is in the names, not a unit: Prometheus would repeat it (eventstore_events_appended_events_total)
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getBaseUnit()).isNull());
        assertThat(counter("eventstore.events.appended").getId().getDescription()).isNotBlank();
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("store")).isEqualTo("orders"));
        // no snapshot meters for a store that is not persisted
        assertThat(registry.find("eventstore.snapshot.failures").meters()).isEmpty();
        assertThat(registry.find("eventstore.snapshot.events.skipped").meters()).isEmpty();
        assertThat(registry.find("eventstore.events.appended").tagKeys("partition").meters()).isEmpty();
    }

    @Test
    void partitionTagsGiveOneSeriesPerPartitionInsteadOfOnePerStore() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).create();
        new EventStoreMeterBinder("orders", store, null, true, Duration.ZERO).bindTo(registry);
        store.tryAppend(new Event(1, 1, 1), 2);
        store.tryAppend(new Event(2, 2, 2), 2);
        store.tryAppend(new Event(3, 3, 3), 3);
        assertThat(registry.find("eventstore.events.appended").functionCounters()).hasSize(4)
                .allSatisfy(c -> assertThat(c.getId().getTag("partition")).isNotNull());
        assertThat(registry.get("eventstore.events.appended").tag("partition", "2").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("eventstore.events.buffered").tag("partition", "3").gauge().value()).isEqualTo(1);
        assertThat(registry.get("eventstore.events.buffered").tag("partition", "0").gauge().value()).isZero();
        // clear and purge are store-wide: removed keeps its reason tag and its tag keys in both modes
        assertThat(registry.find("eventstore.events.removed").functionCounters()).hasSize(2)
                .allSatisfy(c -> {
                    assertThat(c.getId().getTag("reason")).isIn("purge", "clear");
                    assertThat(c.getId().getTag("partition")).isNull();
                });
        // store-level meters stay untagged by partition
        assertThat(registry.get("eventstore.events.capacity").gauge().getId().getTag("partition")).isNull();
    }

    @Test
    void aReadingIsReusedWithinItsMaximumAge() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        new EventStoreMeterBinder("orders", store, null, false, Duration.ofHours(1)).bindTo(registry);
        assertThat(counter("eventstore.events.appended").count()).isZero();
        store.tryAppend(new Event(1, 1, 1));
        assertThat(counter("eventstore.events.appended").count()).isZero(); // the hour-old reading still serves
    }

    @Test
    void snapshotMetersOfAPersistedStore() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).withClock(clock).create();
        FlakyCodec codec = new FlakyCodec();
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, codec,
                SnapshotFixtures.quickOptions().build())) {
            new EventStoreMeterBinder("orders", store, persisted.snapshots(), false, Duration.ZERO).bindTo(registry);
            assertThat(timeGauge("eventstore.snapshot.age").value(TimeUnit.SECONDS)).isNaN();
            assertThat(gauge("eventstore.snapshot.size").value()).isZero();

            store.tryAppend(new Event(1, 1, 1), 0);
            store.tryAppend(new Event(2, 2, 2), 1);
            assertThat(gauge("eventstore.snapshot.events.pending").value()).isEqualTo(2);
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(2);
            assertThat(gauge("eventstore.snapshot.events.pending").value()).isZero();
            assertThat(gauge("eventstore.snapshot.size").value()).isPositive();
            assertThat(gauge("eventstore.snapshot.size").getId().getBaseUnit()).isEqualTo("bytes");
            FunctionCounter written = counter("eventstore.snapshot.written");
            assertThat(written.count()).isEqualTo(gauge("eventstore.snapshot.size").value());
            assertThat(written.getId().getBaseUnit()).isEqualTo("bytes");
            assertThat(timeGauge("eventstore.snapshot.age").value(TimeUnit.SECONDS)).isZero();
            clock.advance(Duration.ofSeconds(90));
            assertThat(timeGauge("eventstore.snapshot.age").value(TimeUnit.SECONDS)).isEqualTo(90);
            assertThat(timeGauge("eventstore.snapshot.age").baseTimeUnit()).isEqualTo(TimeUnit.SECONDS);

            codec.failing.set(true);
            store.tryAppend(new Event(3, 3, 3), 0);
            persisted.snapshots().snapshotNow();
            persisted.snapshots().snapshotNow();
            assertThat(counter("eventstore.snapshot.failures").count()).isEqualTo(2);
            assertThat(gauge("eventstore.snapshot.failures.consecutive").value()).isEqualTo(2);
            assertThat(counter("eventstore.snapshot.dropped").count()).isZero();
            assertThat(timeGauge("eventstore.snapshot.pending.age").value(TimeUnit.SECONDS)).isZero(); // not started
        }
    }

    @Test
    void eventsTheCodecCannotEncodeAreCountedOncePerEventWhileTheOthersAreWritten() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).create();
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, new PoisonCodec(),
                SnapshotFixtures.quickOptions().build())) {
            new EventStoreMeterBinder("orders", store, persisted.snapshots(), false, Duration.ZERO).bindTo(registry);
            FunctionCounter skipped = counter("eventstore.snapshot.events.skipped");
            assertThat(skipped.count()).isZero();
            assertThat(skipped.getId().getBaseUnit()).isNull();
            assertThat(skipped.getId().getDescription()).isNotBlank();

            store.tryAppend(new Event(1, 1, 1), 0);
            store.tryAppend(new Event(PoisonCodec.POISON_KEY, 2, 2), 0);
            store.tryAppend(new Event(PoisonCodec.POISON_KEY, 3, 3), 1);
            store.tryAppend(new Event(4, 4, 4), 1);
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(2);
            assertThat(skipped.count()).isEqualTo(2);

            // partition 0 still holds its bad event: written again without it, not counted again
            store.tryAppend(new Event(5, 5, 5), 0);
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
            assertThat(skipped.count()).isEqualTo(2);
            assertThat(counter("eventstore.snapshot.failures").count()).isZero();
        }
    }

    @Test
    void severalStoresBindTogether() {
        EventStore<Event> orders = Event.storeBuilder().withPartitions(1).create();
        EventStore<Event> payments = Event.storeBuilder().withPartitions(1).create();
        new EventStoresMeterBinder(java.util.List.of(
                new EventStoreMeterBinder("orders", orders, null, false, Duration.ZERO),
                new EventStoreMeterBinder("payments", payments, null, false, Duration.ZERO))).bindTo(registry);
        payments.tryAppend(new Event(1, 1, 1));
        assertThat(registry.get("eventstore.events.appended").tag("store", "orders").functionCounter().count()).isZero();
        assertThat(registry.get("eventstore.events.appended").tag("store", "payments").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getTag("store"))
                .containsOnly("orders", "payments");
    }

    private FunctionCounter counter(String name) {
        return registry.get(name).tag("store", "orders").functionCounter();
    }

    private Gauge gauge(String name) {
        return registry.get(name).tag("store", "orders").gauge();
    }

    private TimeGauge timeGauge(String name) {
        return registry.get(name).tag("store", "orders").timeGauge();
    }
}
