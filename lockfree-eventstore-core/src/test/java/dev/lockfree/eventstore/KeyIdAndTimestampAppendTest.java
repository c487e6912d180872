package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Appends by {@link KeyId}, with an explicit timestamp, and batches that stop at the first rejection (the C# seed's
 * {@code TryAppend(KeyId, ...)}, {@code TryAppend(key, e, ticks)}, {@code TryAppendBatch}).
 */
class KeyIdAndTimestampAppendTest {

    private static Event event(int key, long millis) {
        return new Event(key, key, millis);
    }

    private static EventStore<MetricEvent> metrics(int partitions, int capacity, OverflowPolicy policy) {
        return MetricEvent.storeBuilder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withOverflowPolicy(policy).withWindow(Duration.ofSeconds(60), Duration.ofSeconds(1)).create();
    }

    @Test
    void aKeyIdRoutesAsItsIdSoItAgreesWithTheEventKeySelector() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(5).withCapacityPerPartition(100).create();
        for (int id = -20; id <= 20; id++) {
            KeyId key = store.keyId(id);
            assertThat(key.id()).isEqualTo(id);
            assertThat(key.partition()).as("partition of id " + id).isEqualTo(store.partitionFor(id));
            assertThat(store.tryAppend(key, event(id, 1_000))).isTrue();
            assertThat(store.tryAppend(event(id, 2_000))).isTrue();
            List<Event> partition = store.copyPartition(key.partition());
            assertThat(partition).contains(event(id, 1_000), event(id, 2_000));
        }
        assertThat(store.count()).isEqualTo(82);
    }

    @Test
    void aStringKeyIdIsRegisteredInTheStoresKeyMap() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(3).create();
        KeyId sensor = store.keyId("sensor-1");
        assertThat(store.keyMap().tryGet("sensor-1")).hasValue(sensor.id());
        assertThat(store.keyId("sensor-1")).isEqualTo(sensor).hasSameHashCodeAs(sensor);
        assertThat(sensor.hashCode()).isEqualTo(sensor.id());
        assertThat(sensor).hasToString("KeyId(" + sensor.id() + ")");
        assertThat(store.keyId(sensor.id())).isEqualTo(sensor);
        assertThat(Event.storeBuilder().withPartitions(3).create().keyId(sensor.id()))
                .as("the same id from another store").isNotEqualTo(sensor);
    }

    @Test
    void aKeyIdOfAnotherStoreIsRefusedOnEveryPathAndNothingIsStored() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).create();
        KeyId foreign = Event.storeBuilder().withPartitions(4).create().keyId(9);
        KeyId own = store.keyId(9);
        String message = "key KeyId(9) was issued by another EventStore; use keyId(9) of this store";
        assertThatThrownBy(() -> store.tryAppend(foreign, event(9, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> store.tryAppend(foreign, event(9, 1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> store.tryAppend((Object) foreign, event(9, 1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> store.tryAppendBatch(foreign, List.of(event(9, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> store.tryAppendBatch(List.of(own, foreign), List.of(event(9, 1), event(9, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keys[1] KeyId(9) was issued by another EventStore");
        assertThat(store.count()).isZero();
    }

    @Test
    void nullsAreRefusedByNameAndABadBatchStoresNothing() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).create();
        KeyId key = store.keyId(1);
        assertThatThrownBy(() -> store.tryAppend((KeyId) null, event(1, 1)))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> store.tryAppend(key, null))
                .isInstanceOf(NullPointerException.class).hasMessage("event must not be null");
        assertThatThrownBy(() -> store.tryAppend((Object) null, event(1, 1), 5))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> store.keyId(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> store.tryAppendBatch(key, Arrays.asList(event(1, 1), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("events[1] must not be null");
        assertThatThrownBy(() -> store.tryAppendBatch(Arrays.asList(key, null), List.of(event(1, 1), event(1, 2))))
                .isInstanceOf(NullPointerException.class).hasMessage("keys[1] must not be null");
        assertThatThrownBy(() -> store.tryAppendBatch(List.of(key, key), List.of(event(1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keys and events must have the same size but keys has 2 and events 1");
        assertThat(store.count()).as("bad input stores nothing, not even the events before it").isZero();
    }

    @Test
    void aBatchByKeyIdStopsAtTheFirstRejectionAndSaysWhere() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(3).withCapacityPerPartition(3)
                .withOverflowPolicy(OverflowPolicy.REJECT).create();
        KeyId key = store.keyId(4);
        List<Event> batch = List.of(event(4, 1), event(4, 2), event(4, 3), event(4, 4), event(4, 5));
        assertThat(store.tryAppendBatch(key, batch)).isEqualTo(3);
        assertThat(store.copyPartition(key.partition())).containsExactlyElementsOf(batch.subList(0, 3));
        assertThat(store.statistics().totalRejected()).as("nothing after the rejected event was tried").isEqualTo(1);
        assertThat(store.tryAppendBatch(key, List.of())).isZero();
    }

    @Test
    void aBatchOfKeyIdsGoesToEachKeysPartitionAndStopsAtTheFirstRejection() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(2)
                .withOverflowPolicy(OverflowPolicy.REJECT).create();
        KeyId a = store.keyId(1);
        KeyId b = store.keyId(2);
        for (int id = 3; a.partition() == b.partition(); id++) {
            b = store.keyId(id);
        }
        List<KeyId> keys = List.of(a, b, a, b, a, b);
        List<Event> events = List.of(event(a.id(), 1), event(b.id(), 2), event(a.id(), 3), event(b.id(), 4),
                event(a.id(), 5), event(b.id(), 6));
        assertThat(store.tryAppendBatch(keys, events)).as("the third event of key a finds its partition full")
                .isEqualTo(4);
        assertThat(store.copyPartition(a.partition())).containsExactly(events.get(0), events.get(2));
        assertThat(store.copyPartition(b.partition())).containsExactly(events.get(1), events.get(3));
        assertThat(store.statistics().totalRejected()).isEqualTo(1);
    }

    @Test
    void anEvictingBatchStoresEveryEvent() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).withCapacityPerPartition(2).create();
        KeyId key = store.keyId(1);
        assertThat(store.tryAppendBatch(key, List.of(event(1, 1), event(1, 2), event(1, 3)))).isEqualTo(3);
        assertThat(store.copyPartition(key.partition())).containsExactly(event(1, 2), event(1, 3));
        assertThat(store.statistics().totalDiscarded()).isEqualTo(1);
    }

    @Test
    void keyIdAppendsAndBatchesFeedTheWindow() {
        EventStore<MetricEvent> store = metrics(2, 10, OverflowPolicy.EVICT_OLDEST);
        KeyId key = store.keyId("cpu");
        store.tryAppend(key, new MetricEvent("cpu", 2, 5_000));
        store.tryAppendBatch(key, List.of(new MetricEvent("cpu", 3, 5_100), new MetricEvent("cpu", 4, 5_200)));
        store.tryAppendBatch(List.of(key), List.of(new MetricEvent("cpu", 5, 5_300)));
        WindowAggregate window = store.windowAggregate(Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(6_000));
        assertThat(window.count()).isEqualTo(4);
        assertThat(window.sum()).isEqualTo(14);
    }

    @Test
    void anExplicitTimestampPlacesTheEventInTheWindowWhileScansUseItsOwnTimestamp() {
        EventStore<MetricEvent> store = metrics(2, 10, OverflowPolicy.EVICT_OLDEST);
        MetricEvent reading = new MetricEvent("cpu", 7, 3_000); // measured at 3 s, ingested at 42 s
        assertThat(store.tryAppend("cpu", reading, 42_000)).isTrue();
        KeyId key = store.keyId("mem");
        assertThat(store.tryAppend(key, new MetricEvent("mem", 1, 3_500), 42_500)).isTrue();
        assertThat(store.windowAggregate(Instant.ofEpochMilli(42_000), Instant.ofEpochMilli(43_000)).count())
                .isEqualTo(2);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(3_000), Instant.ofEpochMilli(4_000)).count()).isZero();
        assertThat(store.count(Instant.ofEpochMilli(3_000), Instant.ofEpochMilli(3_999))).isEqualTo(2);
        assertThat(store.count(Instant.ofEpochMilli(42_000), Instant.ofEpochMilli(43_000))).isZero();
        assertThat(store.copyPartition(store.partitionFor("cpu"))).contains(reading);
        assertThat(store.copyPartition(key.partition())).hasSize(key.partition() == store.partitionFor("cpu") ? 2 : 1);
    }

    @Test
    void anExplicitTimestampNeedsAWindowAndMustNotBeNegative() {
        EventStore<MetricEvent> store = metrics(1, 10, OverflowPolicy.EVICT_OLDEST);
        assertThatThrownBy(() -> store.tryAppend("cpu", new MetricEvent("cpu", 1, 1), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestampMillis must be >= 0 (epoch milliseconds) but was -1");
        EventStore<MetricEvent> untracked = MetricEvent.storeBuilder().withPartitions(1).withWindowTracking(false)
                .create();
        assertThatThrownBy(() -> untracked.tryAppend(untracked.keyId(1), new MetricEvent("cpu", 1, 1), 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this store keeps none (window tracking off, timestampSelector set, "
                        + "valueSelector set)");
        EventStore<Integer> noSelectors = EventStore.<Integer>builder().withPartitions(1).create();
        assertThatThrownBy(() -> noSelectors.tryAppend("k", 1, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timestampSelector missing, valueSelector missing");
        assertThat(store.count() + untracked.count() + noSelectors.count()).isZero();
    }

    @Test
    void anExternallyFedStoreRefusesEveryNewAppendPath() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2)
                .withExternalFeed("orders", "EventStorePublisher 'ordersEventPublisher'").create();
        KeyId key = store.keyId(1);
        List<Runnable> appends = List.of(
                () -> store.tryAppend(key, event(1, 1)),
                () -> store.tryAppend(key, event(1, 1), 1),
                () -> store.tryAppend("k", event(1, 1), 1),
                () -> store.tryAppendBatch(key, List.of(event(1, 1))),
                () -> store.tryAppendBatch(List.of(key), List.of(event(1, 1))));
        for (Runnable append : appends) {
            assertThatThrownBy(append::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("orders").hasMessageContaining("ordersEventPublisher");
        }
        assertThat(store.count()).isZero();
    }
}
