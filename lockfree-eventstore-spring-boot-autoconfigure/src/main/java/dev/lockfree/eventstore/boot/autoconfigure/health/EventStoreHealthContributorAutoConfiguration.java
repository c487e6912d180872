package dev.lockfree.eventstore.boot.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.health.EventStoreHealthIndicator;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * One health indicator per store under {@code eventstore} ({@code /actuator/health/eventstore/<store>}),
 * when {@code spring-boot-health} is on the classpath. {@code management.health.eventstore.enabled=false}
 * turns it off; thresholds are {@code eventstore.health.*}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ EventStore.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EventStoreRegistry.class)
public final class EventStoreHealthContributorAutoConfiguration {

    // the health condition sits on the method: its condition class loads only once @ConditionalOnClass passed
    @Bean
    @ConditionalOnEnabledHealthIndicator("eventstore")
    @ConditionalOnMissingBean(name = { "eventstoreHealthIndicator", "eventstoreHealthContributor" })
    CompositeHealthContributor eventstoreHealthContributor(EventStoreRegistry registry, EventStoreProperties properties,
                                                           ObjectProvider<EventStoreSnapshotLifecycle> lifecycle) {
        EventStoreSnapshotLifecycle snapshots = lifecycle.getIfAvailable();
        EventStoreProperties.Health health = properties.health();
        Duration maxAge = health.effectiveMaxSnapshotAge(properties.snapshot().interval());
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            StoreSnapshots persisted = EventStoreSnapshotLifecycle.snapshotsOf(snapshots, entry.name());
            indicators.put(entry.name(), new EventStoreHealthIndicator(entry.store(), persisted,
                    health.maxConsecutiveFailures(), maxAge));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
