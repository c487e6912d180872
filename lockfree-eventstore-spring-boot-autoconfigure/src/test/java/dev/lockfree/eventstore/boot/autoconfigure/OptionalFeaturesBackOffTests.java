package dev.lockfree.eventstore.boot.autoconfigure;

import java.nio.file.Path;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpoint;
import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfoContributor;
import dev.lockfree.eventstore.boot.autoconfigure.endpoint.EventStoreEndpointAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.health.EventStoreHealthContributorAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.info.EventStoreInfoContributorAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.metrics.EventStoreMetricsAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.observation.EventStoreObservationAutoConfiguration;
import dev.lockfree.eventstore.boot.metrics.EventStoresMeterBinder;
import dev.lockfree.eventstore.boot.observation.ObservationSnapshotListener;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Every auto-configuration together, with Actuator, Micrometer and Jackson taken away at once. */
class OptionalFeaturesBackOffTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                    EventStoreEndpointAutoConfiguration.class, EventStoreHealthContributorAutoConfiguration.class,
                    EventStoreInfoContributorAutoConfiguration.class, EventStoreMetricsAutoConfiguration.class,
                    EventStoreObservationAutoConfiguration.class));

    @Test
    void withoutActuatorMicrometerAndJacksonTheStoresAndSnapshotsStillWork() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health", "io.micrometer", "tools.jackson"))
                .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                        "eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir,
                        "management.endpoints.web.exposure.include=*", "management.info.eventstore.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(EventStoreRegistry.class)
                            .hasSingleBean(EventStoreSnapshotLifecycle.class);
                    assertThat(context).doesNotHaveBean(EventStoreEndpoint.class)
                            .doesNotHaveBean("eventstoreHealthContributor")
                            .doesNotHaveBean(EventStoreInfoContributor.class)
                            .doesNotHaveBean(EventStoresMeterBinder.class)
                            .doesNotHaveBean(ObservationSnapshotListener.class);
                    @SuppressWarnings("unchecked")
                    EventStore<Event> orders = context.getBean(EventStore.class);
                    orders.tryAppend(new Event(1, 1, 1));
                    assertThat(context.getBean(EventStoreSnapshotLifecycle.class).snapshots("orders").orElseThrow()
                            .snapshotNow()).isEqualTo(1);
                });
    }

    @Test
    void withEverythingPresentEachFeatureIsThere() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                        "management.endpoints.web.exposure.include=*", "management.info.eventstore.enabled=true")
                .withBean(io.micrometer.observation.ObservationRegistry.class,
                        io.micrometer.observation.ObservationRegistry::create)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStoreEndpoint.class)
                        .hasBean("eventstoreHealthContributor").hasSingleBean(EventStoreInfoContributor.class)
                        .hasSingleBean(EventStoresMeterBinder.class)
                        .hasSingleBean(ObservationSnapshotListener.class));
    }
}
