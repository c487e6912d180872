package dev.lockfree.eventstore.boot.autoconfigure.observation;

import java.nio.file.Path;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.observation.DefaultSnapshotObservationConvention;
import dev.lockfree.eventstore.boot.observation.ObservationSnapshotListener;
import dev.lockfree.eventstore.boot.observation.SnapshotObservationConvention;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreObservationAutoConfigurationTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    EventStoreAutoConfiguration.class, EventStoreObservationAutoConfiguration.class))
            .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event");

    @Test
    void theRestoreAtStartUpIsObservedThroughTheApplicationsRegistry() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir)
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationSnapshotListener.class)
                            .hasSingleBean(EventStoreSnapshotLifecycle.class);
                    TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
                            .hasNameEqualTo("eventstore.snapshot").hasContextualNameEqualTo("snapshot.restore")
                            .hasLowCardinalityKeyValue("store", "orders")
                            .hasLowCardinalityKeyValue("outcome", "success");
                });
    }

    @Test
    void withBootsMetricsEachObservationIsATimerTaggedWithItsLowCardinalityKeys() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, EventStoreAutoConfiguration.class,
                        EventStoreObservationAutoConfiguration.class))
                .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                        "eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir)
                .run(context -> {
                    Timer restore = context.getBean(MeterRegistry.class).get("eventstore.snapshot")
                            .tag("store", "orders").tag("operation", "restore").tag("outcome", "success")
                            .tag("error", "none").timer();
                    assertThat(restore.count()).isEqualTo(1);
                });
    }

    @Test
    void aConventionBeanIsUsed() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withBean(SnapshotObservationConvention.class, () -> new DefaultSnapshotObservationConvention() {
                    @Override
                    public String getName() {
                        return "acme.snapshot";
                    }
                })
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir)
                .run(context -> TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
                        .hasNameEqualTo("acme.snapshot"));
    }

    @Test
    void backsOffWhenTheEventStoresAreDisabled() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservationSnapshotListener.class));
    }

    @Test
    void noListenerWithoutAnObservationRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                        EventStoreObservationAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservationSnapshotListener.class));
    }

    @Test
    void backsOffWithoutTheObservationApi() {
        runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStoreRegistry.class)
                            .hasSingleBean(EventStoreSnapshotLifecycle.class);
                    assertThat(context).doesNotHaveBean(ObservationSnapshotListener.class);
                });
    }
}
