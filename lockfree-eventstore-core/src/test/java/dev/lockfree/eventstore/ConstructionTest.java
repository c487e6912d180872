package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConstructionTest {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    @Test
    void defaultConstructorUsesDocumentedDefaults() {
        EventStore<String> store = new EventStore<>();
        EventStoreOptions<String> options = store.options();
        assertThat(store.partitions()).isEqualTo(CPUS);
        assertThat(options.capacityPerPartition()).isEqualTo(100_000);
        assertThat(store.capacity()).isEqualTo(100_000 * CPUS);
        assertThat(options.windowTracking()).isTrue();
        assertThat(options.windowSize()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.bucketWidth()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.bucketCount()).isEqualTo(300);
        assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.isFull()).isFalse();
        assertThat(store.count()).isZero();
    }

    @Test
    void totalCapacityIsNeverSilentlyLessThanRequested() {
        EventStore<String> store = new EventStore<>(1000, 3);
        assertThat(store.partitions()).isEqualTo(3);
        assertThat(store.options().capacityPerPartition()).isEqualTo(334);
        assertThat(store.capacity()).isEqualTo(1002).isGreaterThanOrEqualTo(1000);

        EventStore<String> tiny = new EventStore<>(2, 4);
        assertThat(tiny.options().capacityPerPartition()).isEqualTo(1);
        assertThat(tiny.capacity()).isEqualTo(4);
    }

    @Test
    void capacityOnlyConstructorUsesProcessorCount() {
        EventStore<String> store = new EventStore<>(10 * CPUS);
        assertThat(store.partitions()).isEqualTo(CPUS);
        assertThat(store.capacity()).isEqualTo(10 * CPUS);
    }

    @Test
    void capacityPerPartitionIsExact() {
        EventStore<String> store = EventStore.<String>builder().withCapacityPerPartition(3).withPartitions(5).create();
        assertThat(store.capacity()).isEqualTo(15);
        assertThat(store.options().totalCapacity()).isEqualTo(15);
    }

    @Test
    void lastCapacityCallWins() {
        assertThat(EventStore.<String>builder().withPartitions(2).withCapacity(10).withCapacityPerPartition(7)
                .options().capacityPerPartition()).isEqualTo(7);
        assertThat(EventStore.<String>builder().withPartitions(2).withCapacityPerPartition(7).withCapacity(10)
                .options().capacityPerPartition()).isEqualTo(5);
    }

    @Test
    void optionsAreUsableDirectly() {
        EventStoreOptions<String> options = EventStore.<String>builder().withPartitions(2)
                .withCapacityPerPartition(4).options();
        EventStore<String> store = new EventStore<>(options);
        assertThat(store.options()).isSameAs(options);
        assertThat(store.capacity()).isEqualTo(8);
    }

    @Test
    void invalidCapacityNamesOptionAndValue() {
        assertThatThrownBy(() -> new EventStore<String>(0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> new EventStore<String>(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be >= 1 but was -5");
        assertThatThrownBy(() -> EventStore.<String>builder().withCapacityPerPartition(0).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacityPerPartition must be between 1 and 1073741824 but was 0");
        assertThatThrownBy(() -> EventStore.<String>builder().withCapacityPerPartition((1 << 30) + 1).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacityPerPartition").hasMessageContaining("1073741825");
    }

    @Test
    void invalidPartitionsNameOptionAndValue() {
        assertThatThrownBy(() -> new EventStore<String>(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be between 1 and 65536 but was 0");
        assertThatThrownBy(() -> EventStore.<String>builder().withPartitions(-1).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions").hasMessageContaining("-1");
        assertThatThrownBy(() -> EventStore.<String>builder().withPartitions(65_537).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537");
        assertThat(EventStore.<String>builder().withPartitions(65_536).withCapacityPerPartition(1)
                .withWindowTracking(false).create().partitions()).isEqualTo(65_536);
    }

    @Test
    void invalidWindowsNameOptionAndValue() {
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofSeconds(1), Duration.ofSeconds(2)).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucketWidth (PT2S) must not exceed windowSize (PT1S)");
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofSeconds(5), Duration.ofSeconds(2)).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("windowSize (PT5S) must be a whole multiple of bucketWidth (PT2S)");
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofSeconds(5), Duration.ZERO).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucketWidth must be a positive whole number of milliseconds but was PT0S");
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofSeconds(5), Duration.ofNanos(1500)).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucketWidth").hasMessageContaining("PT0.0000015S");
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofSeconds(-5), Duration.ofSeconds(1)).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSize").hasMessageContaining("PT-5S");
        assertThatThrownBy(() -> EventStore.<String>builder().withWindow(Duration.ofMillis((1 << 20) + 1), Duration.ofMillis(1)).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1048576 buckets but was 1048577");
        assertThat(EventStore.<String>builder().withWindow(Duration.ofMillis(1 << 20), Duration.ofMillis(1)).options()
                .bucketCount()).isEqualTo(1 << 20);
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        EventStoreBuilder<String> builder = EventStore.builder();
        assertThatThrownBy(() -> builder.withTimestampSelector(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timestampSelector must not be null");
        assertThatThrownBy(() -> builder.withValueSelector(null)).hasMessage("valueSelector must not be null");
        assertThatThrownBy(() -> builder.withKeySelector(null)).hasMessage("keySelector must not be null");
        assertThatThrownBy(() -> builder.onDiscarded(null)).hasMessage("onDiscarded must not be null");
        assertThatThrownBy(() -> builder.onCapacityReached(null)).hasMessage("onCapacityReached must not be null");
        assertThatThrownBy(() -> builder.withOverflowPolicy(null)).hasMessage("overflowPolicy must not be null");
        assertThatThrownBy(() -> builder.withClock(null)).hasMessage("clock must not be null");
        assertThatThrownBy(() -> builder.withWindow(null, Duration.ofSeconds(1))).hasMessage("windowSize must not be null");
        assertThatThrownBy(() -> new EventStore<String>((EventStoreOptions<String>) null))
                .hasMessage("options must not be null");
    }

    @Test
    void eventHelpersConfigureSelectors() {
        EventStore<Event> events = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(8).create();
        assertThat(events.options().keySelector()).isNotNull();
        assertThat(events.options().timestampSelector()).isNotNull();
        assertThat(events.options().valueSelector()).isNotNull();
        EventStore<MetricEvent> metrics = MetricEvent.storeBuilder().withPartitions(2).create();
        assertThat(metrics.options().keySelector()).isNull();
        assertThat(metrics.options().timestampSelector()).isNotNull();
        assertThatThrownBy(() -> new MetricEvent(null, 1, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("label must not be null");
    }
}
