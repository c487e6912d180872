package dev.lockfree.eventstore.boot.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.metrics.EventStoreMeterBinder;
import dev.lockfree.eventstore.boot.metrics.EventStoresMeterBinder;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code eventstore.*} meters of every store, when Micrometer is on the classpath. A
 * {@link MeterBinder} bean: Spring Boot binds it to every registry it manages, so no condition on a
 * registry bean (and none of the ordering trouble that brings). Turn the meters off with
 * {@code management.metrics.enable.eventstore=false}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ EventStore.class, MeterBinder.class })
@ConditionalOnBean(EventStoreRegistry.class)
public final class EventStoreMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventStoresMeterBinder eventStoresMeterBinder(EventStoreRegistry registry, EventStoreProperties properties,
                                                  ObjectProvider<EventStoreSnapshotLifecycle> lifecycle) {
        EventStoreSnapshotLifecycle snapshots = lifecycle.getIfAvailable();
        List<EventStoreMeterBinder> binders = new ArrayList<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            StoreSnapshots persisted = EventStoreSnapshotLifecycle.snapshotsOf(snapshots, entry.name());
            binders.add(new EventStoreMeterBinder(entry.name(), entry.store(), persisted,
                    properties.metrics().partitionTags(), EventStoreMeterBinder.DEFAULT_READING_MAX_AGE));
        }
        return new EventStoresMeterBinder(binders);
    }
}
