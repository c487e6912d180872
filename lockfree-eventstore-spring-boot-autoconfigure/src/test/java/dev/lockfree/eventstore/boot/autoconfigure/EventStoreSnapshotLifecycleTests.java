package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodec;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class EventStoreSnapshotLifecycleTests {

    private static final String ORDER = "dev.lockfree.eventstore.boot.autoconfigure.TestEvents$OrderEvent";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class));

    private ApplicationContextRunner snapshotting(Path dir) {
        return runner.withPropertyValues(
                "eventstore.snapshot.enabled=true",
                "eventstore.snapshot.directory=" + dir,
                "eventstore.snapshot.interval=1h", // only the final snapshot writes
                "eventstore.snapshot.min-events-between=0",
                "eventstore.snapshot.shutdown-timeout=5s",
                "eventstore.stores.orders.event-type=" + ORDER,
                "eventstore.stores.orders.partitions=2",
                "eventstore.stores.orders.key-property=customerId",
                "eventstore.stores.metrics.event-type=" + MetricEvent.class.getName(),
                "eventstore.stores.metrics.partitions=2",
                "eventstore.stores.transient.event-type=" + ORDER,
                "eventstore.stores.transient.snapshot.enabled=false");
    }

    /**
     * A store fed by a Kafka topic is not restored as a whole: its feed restores each partition when Kafka
     * assigns it (with the offset to resume from), so a whole-store restore would hold partitions another
     * instance owns. Its snapshotter still runs, for the feed to use.
     */
    @Test
    void anExternallyFedStoreIsNotRestoredAsAWholeButItsSnapshotterRuns(@TempDir Path tmp) {
        Path dir = tmp.resolve("snapshots");
        snapshotting(dir).run(context -> context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class)
                .tryAppend(new OrderEvent("c-1", 1.5, Instant.parse("2026-11-27T10:00:00Z"))));
        snapshotting(dir).withPropertyValues("eventstore.stores.orders.kafka.topic=orders").run(context -> {
            assertThat(context).hasNotFailed();
            EventStoreSnapshotLifecycle lifecycle = context.getBean(EventStoreSnapshotLifecycle.class);
            EventStore<OrderEvent> orders = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class);
            assertThat(orders.isExternallyFed()).isTrue();
            assertThat(orders.count()).isZero();
            assertThat(lifecycle.restoreResults()).doesNotContainKey("orders").containsKey("metrics");
            assertThat(lifecycle.snapshotter(orders, "orders")).isPresent();
            assertThat(lifecycle.snapshotter(orders, "transient")).isEmpty();
        });
    }

    @Test
    void secondContextRestoresWhatTheFirstWroteOnClose(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("snapshots");
        List<OrderEvent> orders = List.of(
                new OrderEvent("c-1", 1.5, Instant.parse("2026-11-27T10:00:00Z")),
                new OrderEvent("c-2", 2.5, Instant.parse("2026-11-27T10:00:01Z")),
                new OrderEvent("c-3", 3.5, Instant.parse("2026-11-27T10:00:02Z")));
        snapshotting(dir).run(context -> {
            assertThat(context).hasNotFailed();
            EventStoreSnapshotLifecycle lifecycle = context.getBean(EventStoreSnapshotLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.getPhase()).isEqualTo(Integer.MAX_VALUE - 4096);
            assertThat(lifecycle.codecs()).containsOnlyKeys("orders", "metrics");
            assertThat(lifecycle.codecs().get("orders")).isInstanceOf(JacksonEventCodec.class);
            assertThat(lifecycle.codecs().get("metrics").name()).isEqualTo(EventCodecs.metricEvent().name());
            assertThat(lifecycle.restoreResults().get("orders").eventsRestored()).isZero();

            EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
            orders.forEach(registry.get("orders", OrderEvent.class)::tryAppend);
            registry.get("metrics", MetricEvent.class).tryAppend(new MetricEvent("cpu", 0.5, Instant.EPOCH));
            registry.get("transient", OrderEvent.class).tryAppend(orders.get(0));
            // no snapshot on disk yet: the interval is an hour and no event-count trigger (the restore only
            // recorded the partition layout)
            assertThat(filesUnder(dir.resolve("orders"))).isOne();
            assertThat(dir.resolve("orders").resolve("layout")).isRegularFile();
        });
        // closing the context ran the final snapshot
        assertThat(filesUnder(dir.resolve("orders"))).isPositive();
        assertThat(Files.exists(dir.resolve("transient"))).isFalse();

        snapshotting(dir).run(context -> {
            assertThat(context).hasNotFailed();
            EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
            assertThat(registry.get("orders", OrderEvent.class).snapshot()).containsExactlyInAnyOrderElementsOf(orders);
            assertThat(registry.get("metrics", MetricEvent.class).snapshot())
                    .containsExactly(new MetricEvent("cpu", 0.5, Instant.EPOCH));
            assertThat(registry.get("transient").count()).isZero();
            EventStoreSnapshotLifecycle lifecycle = context.getBean(EventStoreSnapshotLifecycle.class);
            assertThat(lifecycle.restoreResults().get("orders").eventsRestored()).isEqualTo(3);
            assertThat(lifecycle.restoreResults().get("metrics").eventsRestored()).isEqualTo(1);
        });
    }

    @Test
    void stopAlwaysCallsBackAndIsRunningFollowsTheState(@TempDir Path tmp) {
        snapshotting(tmp.resolve("s")).run(context -> {
            EventStoreSnapshotLifecycle lifecycle = context.getBean(EventStoreSnapshotLifecycle.class);
            AtomicBoolean called = new AtomicBoolean();
            lifecycle.stop(() -> called.set(true));
            assertThat(called).isTrue();
            assertThat(lifecycle.isRunning()).isFalse();

            AtomicBoolean again = new AtomicBoolean();
            lifecycle.stop(() -> again.set(true)); // not running any more: still calls back
            assertThat(again).isTrue();
            assertThat(lifecycle.isPauseable()).isFalse();
            assertThat(lifecycle.isAutoStartup()).isTrue();
            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(lifecycle::start)
                    .withMessageContaining("cannot be restarted");
            assertThat(lifecycle.isRunning()).isFalse();
        });
    }

    @Test
    void stopCallsBackWhenTheFinalSnapshotFailsOrTimesOut(@TempDir Path tmp) {
        EventStore<OrderEvent> store = EventStore.<OrderEvent>builder().withPartitions(1).create();
        EventStoreRegistry registry = new EventStoreRegistry(List.of(
                new EventStoreRegistry.Entry<>("slow", OrderEvent.class, store, "test", true)));
        EventCodec<OrderEvent> slow = new EventCodec<>() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void encode(OrderEvent event, DataOutput out) throws IOException {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("too slow");
            }

            @Override
            public OrderEvent decode(DataInput in) {
                throw new UnsupportedOperationException();
            }
        };
        EventStoreProperties.Snapshot properties = new EventStoreProperties.Snapshot(true, tmp.resolve("s"),
                Duration.ofHours(1), 0, 1, Duration.ofMillis(200), false);
        EventStoreSnapshotLifecycle lifecycle = new EventStoreSnapshotLifecycle(registry, properties.directory(),
                properties.snapshotOptions(), Map.of("slow", slow));
        lifecycle.start();
        store.tryAppend(new OrderEvent("c", 1, Instant.EPOCH));
        AtomicBoolean called = new AtomicBoolean();
        long started = System.nanoTime();
        lifecycle.stop(() -> called.set(true));
        assertThat(called).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(lifecycle.isRunning()).isFalse();
        // the abandoned final pass (its thread interrupted) still owns a temporary file in tmp: let it delete
        // that file before @TempDir deletes the directory, or the two race (seen once in CI)
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("eventstore-snapshot-") && thread.getName().contains("slow")) {
                assertThatCode(() -> thread.join(30_000)).doesNotThrowAnyException();
                assertThat(thread.isAlive()).as("abandoned final pass ended").isFalse();
            }
        }
    }

    @Test
    void aCodecBeanNamedForTheStoreOverrides(@TempDir Path tmp) {
        EventCodec<OrderEvent> custom = new JacksonEventCodec<>(tools.jackson.databind.json.JsonMapper.builder().build(),
                OrderEvent.class);
        snapshotting(tmp.resolve("s"))
                .withBean("ordersEventCodec", EventCodec.class, () -> custom)
                .run(context -> assertThat(context.getBean(EventStoreSnapshotLifecycle.class).codecs().get("orders"))
                        .isSameAs(custom));
    }

    @Test
    void aUserCodecFactoryReplacesJackson(@TempDir Path tmp) {
        EventCodec<OrderEvent> custom = new JacksonEventCodec<>(tools.jackson.databind.json.JsonMapper.builder().build(),
                OrderEvent.class);
        snapshotting(tmp.resolve("s"))
                .withBean(dev.lockfree.eventstore.boot.codec.EventCodecFactory.class,
                        () -> new dev.lockfree.eventstore.boot.codec.EventCodecFactory() {
                            @Override
                            @SuppressWarnings("unchecked")
                            public <E> EventCodec<E> codecFor(Class<E> eventType) {
                                return (EventCodec<E>) custom;
                            }
                        })
                .run(context -> {
                    assertThat(context).doesNotHaveBean(dev.lockfree.eventstore.boot.codec.JacksonEventCodecFactory.class);
                    assertThat(context.getBean(EventStoreSnapshotLifecycle.class).codecs().get("orders")).isSameAs(custom);
                    // the core codec still wins for MetricEvent
                    assertThat(context.getBean(EventStoreSnapshotLifecycle.class).codecs().get("metrics"))
                            .isNotSameAs(custom);
                });
    }

    @Test
    void aRestartWithAnotherPartitionCountRestoresEveryEventWhereItsKeyRoutes(@TempDir Path tmp) {
        Path dir = tmp.resolve("s");
        List<OrderEvent> orders = IntStream.range(0, 60).mapToObj(i -> new OrderEvent("c-" + (i % 13), i,
                Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i))).toList();
        List<MetricEvent> metrics = IntStream.range(0, 30).mapToObj(i -> new MetricEvent("m-" + (i % 7), i,
                Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i))).toList();
        snapshotting(dir).run(context -> {
            EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
            assertThat(registry.get("orders", OrderEvent.class).tryAppendAll(orders)).isEqualTo(60);
            assertThat(registry.get("metrics", MetricEvent.class).tryAppendAll(metrics)).isEqualTo(30);
        });
        int previous = 2;
        for (int partitions : new int[] {1, 3, 2}) { // fewer, more, and back
            int from = previous;
            snapshotting(dir).withPropertyValues("eventstore.stores.orders.partitions=" + partitions,
                    "eventstore.stores.metrics.partitions=" + partitions).run(context -> {
                assertThat(context).hasNotFailed();
                EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                EventStore<OrderEvent> store = registry.get("orders", OrderEvent.class);
                assertThat(store.partitions()).isEqualTo(partitions);
                assertThat(store.snapshot()).containsExactlyInAnyOrderElementsOf(orders);
                for (int p = 0; p < partitions; p++) {
                    List<OrderEvent> inPartition = store.copyPartition(p);
                    for (OrderEvent order : inPartition) {
                        assertThat(store.partitionFor(order.customerId())).isEqualTo(p);
                    }
                    // per customer, in the order they were appended
                    inPartition.stream().collect(java.util.stream.Collectors.groupingBy(OrderEvent::customerId))
                            .forEach((customer, list) -> assertThat(list).extracting(OrderEvent::amount)
                                    .isSortedAccordingTo(Double::compare));
                }
                EventStore<MetricEvent> metricStore = registry.get("metrics", MetricEvent.class);
                assertThat(metricStore.snapshot()).containsExactlyInAnyOrderElementsOf(metrics);
                EventStoreSnapshotLifecycle lifecycle = context.getBean(EventStoreSnapshotLifecycle.class);
                assertThat(lifecycle.restoreResults().get("orders").resizedFrom()).hasValue(from);
                assertThat(lifecycle.restoreResults().get("orders").eventsRestored()).isEqualTo(60);
                assertThat(lifecycle.restoreResults().get("metrics").resizedFrom()).hasValue(from);
            });
            previous = partitions;
        }
    }

    @Test
    void phaseIsBelowTheWebServerPhases() {
        // WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE = MAX - 2048 (not on this module's classpath)
        assertThat(EventStoreSnapshotLifecycle.DEFAULT_PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048)
                .isGreaterThan(Integer.MAX_VALUE / 2);
    }

    private static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
