package dev.lockfree.eventstore.boot.autoconfigure.observation;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.observation.ObservationSnapshotListener;
import dev.lockfree.eventstore.boot.observation.SnapshotObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observations of snapshot saves, prunes and restores ({@code eventstore.snapshot}), when Micrometer's
 * Observation API and an {@link ObservationRegistry} bean are there. The snapshot lifecycle picks the
 * listener up with every other {@code SnapshotListener} bean.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ EventStore.class, ObservationRegistry.class })
@ConditionalOnBean({ EventStoreRegistry.class, ObservationRegistry.class })
public final class EventStoreObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObservationSnapshotListener eventStoreObservationSnapshotListener(ObservationRegistry registry,
            ObjectProvider<SnapshotObservationConvention> convention) {
        return new ObservationSnapshotListener(registry, convention.getIfUnique());
    }
}
