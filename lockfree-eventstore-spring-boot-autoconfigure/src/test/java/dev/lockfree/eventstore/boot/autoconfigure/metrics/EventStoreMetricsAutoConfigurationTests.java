package dev.lockfree.eventstore.boot.autoconfigure.metrics;

import java.time.Duration;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.metrics.EventStoresMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventStoreMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    EventStoreAutoConfiguration.class, EventStoreMetricsAutoConfiguration.class))
            .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                    "eventstore.stores.orders.partitions=2");

    @Test
    void bootBindsTheMetersOfEveryStoreToItsRegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventStoresMeterBinder.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("eventstore.events.capacity").tag("store", "orders").gauge().value()).isEqualTo(200_000);
            @SuppressWarnings("unchecked")
            EventStore<Event> orders = context.getBean("ordersEventStore", EventStore.class);
            orders.tryAppend(new Event(1, 1, 1));
            // one reading serves a scrape for 100 ms
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("eventstore.events.appended")
                    .tag("store", "orders").functionCounter().count() == 1);
        });
    }

    @Test
    void partitionTagsOnRequest() {
        runner.withPropertyValues("eventstore.metrics.partition-tags=true").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("eventstore.events.appended").tag("store", "orders").functionCounters())
                    .extracting(c -> c.getId().getTag("partition")).containsExactlyInAnyOrder("0", "1");
        });
    }

    @Test
    void bootsMeterFilterPropertyTurnsThemOff() {
        runner.withPropertyValues("management.metrics.enable.eventstore=false").run(context -> {
            assertThat(context).hasSingleBean(EventStoresMeterBinder.class);
            assertThat(context.getBean(MeterRegistry.class).find("eventstore.events.capacity").meters()).isEmpty();
        });
    }

    @Test
    void aUserBinderReplacesOurs() {
        EventStoresMeterBinder mine = new EventStoresMeterBinder(java.util.List.of());
        runner.withBean("mine", EventStoresMeterBinder.class, () -> mine).run(context -> {
            assertThat(context.getBean(EventStoresMeterBinder.class)).isSameAs(mine);
            assertThat(context.getBean(MeterRegistry.class).find("eventstore.events.capacity").meters()).isEmpty();
        });
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventStoreRegistry.class);
            assertThat(context).doesNotHaveBean(EventStoresMeterBinder.class);
        });
    }

    @Test
    void backsOffWhenTheEventStoresAreDisabled() {
        runner.withPropertyValues("eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoresMeterBinder.class));
    }
}
