package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void eventConvertsInstantsToEpochMillis() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        Event event = new Event(7, 1.5, t);
        assertThat(event.timestamp()).isEqualTo(t.toEpochMilli());
        assertThat(event.instant()).isEqualTo(t);
        assertThat(Event.KEY.apply(event)).isEqualTo(7);
        assertThat(Event.VALUE.applyAsDouble(event)).isEqualTo(1.5);
        assertThat(Event.TIMESTAMP.applyAsLong(event)).isEqualTo(t.toEpochMilli());
        assertThat(event).isEqualTo(new Event(7, 1.5, t.toEpochMilli()));
    }

    @Test
    void metricEventConvertsInstantsToEpochMillis() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        MetricEvent event = new MetricEvent("cpu", 0.5, t);
        assertThat(event.instant()).isEqualTo(t);
        assertThat(MetricEvent.LABEL.apply(event)).isEqualTo("cpu");
        assertThat(MetricEvent.VALUE.applyAsDouble(event)).isEqualTo(0.5);
        assertThat(MetricEvent.TIMESTAMP.applyAsLong(event)).isEqualTo(t.toEpochMilli());
    }

    @Test
    void eventStoreRoutesEventsByKey() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(16).create();
        for (int i = 0; i < 10; i++) {
            store.tryAppend(new Event(3, i, 1000L + i));
        }
        assertThat(store.copyPartition(store.partitionFor(3))).hasSize(10);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(5000)).sum()).isEqualTo(45.0);
    }

    @Test
    void optionsDefaultsAreTheBuildersDefaults() {
        EventStoreOptions<String> defaults = EventStoreOptions.defaults();
        assertThat(defaults.capacityPerPartition()).isEqualTo(EventStoreOptions.DEFAULT_CAPACITY_PER_PARTITION);
        assertThat(defaults.partitions()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.totalCapacity()).isEqualTo((long) defaults.partitions() * 100_000);
        assertThat(defaults.keySelector()).isNull();
        assertThat(defaults.clock()).isNotNull();
    }
}
