package dev.lockfree.eventstore.boot.autoconfigure.health;

import java.nio.file.Path;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.health.EventStoreHealthIndicator;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreHealthContributorAutoConfigurationTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                    EventStoreHealthContributorAutoConfiguration.class))
            .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                    "eventstore.stores.payments.event-type=dev.lockfree.eventstore.MetricEvent");

    @Test
    void oneIndicatorPerStoreUnderTheEventstoreComposite() {
        runner.run(context -> {
            CompositeHealthContributor composite = context.getBean("eventstoreHealthContributor",
                    CompositeHealthContributor.class);
            assertThat(composite.stream().map(CompositeHealthContributor.Entry::name)).containsExactly("orders",
                    "payments");
            HealthContributor orders = composite.getContributor("orders");
            assertThat(orders).isInstanceOf(EventStoreHealthIndicator.class);
            Health health = ((HealthIndicator) orders).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("snapshotEnabled", false);
        });
    }

    @Test
    void persistedStoresGetThreeSnapshotIntervalsAsTheDefaultMaximumAge() {
        runner.withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir,
                        "eventstore.snapshot.interval=10s", "eventstore.stores.payments.snapshot.enabled=false")
                .run(context -> {
                    CompositeHealthContributor composite = context.getBean(CompositeHealthContributor.class);
                    Health orders = ((HealthIndicator) composite.getContributor("orders")).health();
                    assertThat(orders.getStatus()).isEqualTo(Status.UP);
                    assertThat(orders.getDetails()).containsEntry("snapshotEnabled", true)
                            .containsEntry("snapshotRunning", true).containsEntry("maxSnapshotAge", "PT30S")
                            .containsEntry("maxConsecutiveFailures", 3);
                    Health payments = ((HealthIndicator) composite.getContributor("payments")).health();
                    assertThat(payments.getDetails()).containsEntry("snapshotEnabled", false);
                });
    }

    @Test
    void thresholdsComeFromEventstoreHealthProperties() {
        runner.withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir,
                        "eventstore.health.max-consecutive-failures=7", "eventstore.health.max-snapshot-age=2m")
                .run(context -> {
                    Health orders = ((HealthIndicator) context.getBean(CompositeHealthContributor.class)
                            .getContributor("orders")).health();
                    assertThat(orders.getDetails()).containsEntry("maxSnapshotAge", "PT2M")
                            .containsEntry("maxConsecutiveFailures", 7);
                });
    }

    @Test
    void noAgeBoundWhenOnlyTheCountTriggerRuns() {
        runner.withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir,
                        "eventstore.snapshot.interval=0", "eventstore.snapshot.min-events-between=10")
                .run(context -> {
                    Health orders = ((HealthIndicator) context.getBean(CompositeHealthContributor.class)
                            .getContributor("orders")).health();
                    assertThat(orders.getDetails()).doesNotContainKey("maxSnapshotAge");
                });
    }

    @Test
    void badThresholdsFailStartUpNamingTheKey() {
        runner.withPropertyValues("eventstore.health.max-consecutive-failures=0").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("eventstore.health.max-consecutive-failures must be >= 1"));
        runner.withPropertyValues("eventstore.health.max-snapshot-age=0s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("eventstore.health.max-snapshot-age must be positive"));
    }

    @Test
    void theStoresShowUnderTheHealthEndpointAndNoStoresLeaveItUp() {
        AutoConfigurations health = AutoConfigurations.of(HealthContributorAutoConfiguration.class,
                HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class);
        runner.withConfiguration(health).withPropertyValues("management.endpoint.health.show-components=always")
                .run(context -> {
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(endpoint.healthForPath("eventstore", "orders").getStatus()).isEqualTo(Status.UP);
                });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                        EventStoreHealthContributorAutoConfiguration.class))
                .withConfiguration(health)
                .run(context -> assertThat(context.getBean(HealthEndpoint.class).health().getStatus())
                        .isEqualTo(Status.UP));
    }

    @Test
    void disabledWithTheBootHealthProperty() {
        runner.withPropertyValues("management.health.eventstore.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("eventstoreHealthContributor"));
    }

    @Test
    void backsOffWhenTheEventStoresAreDisabled() {
        runner.withPropertyValues("eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("eventstoreHealthContributor"));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventStoreRegistry.class);
            assertThat(context).doesNotHaveBean("eventstoreHealthContributor");
        });
    }

    @Test
    void aUserContributorOfTheSameNameReplacesOurs() {
        HealthIndicator mine = () -> Health.outOfService().build();
        runner.withBean("eventstoreHealthIndicator", HealthIndicator.class, () -> mine).run(context -> {
            assertThat(context).doesNotHaveBean("eventstoreHealthContributor");
            assertThat(context.getBean("eventstoreHealthIndicator")).isSameAs(mine);
        });
    }
}
