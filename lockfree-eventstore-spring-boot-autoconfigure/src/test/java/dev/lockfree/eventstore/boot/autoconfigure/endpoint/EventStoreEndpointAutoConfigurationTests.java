package dev.lockfree.eventstore.boot.autoconfigure.endpoint;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpoint;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpointWebExtension;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                    EventStoreEndpointAutoConfiguration.class))
            .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event");

    @Test
    void noEndpointUnlessExposed() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventStoreRegistry.class);
            assertThat(context).doesNotHaveBean(EventStoreEndpoint.class);
        });
    }

    @Test
    void exposedOverTheWebGivesTheEndpointAndItsWebExtension() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventstore").run(context -> {
            assertThat(context).hasSingleBean(EventStoreEndpoint.class);
            assertThat(context).hasSingleBean(EventStoreEndpointWebExtension.class);
            assertThat(context.getBean(EventStoreEndpoint.class).stores().stores()).containsOnlyKeys("orders");
        });
    }

    @Test
    void exposedOverJmxOnlyHasNoWebExtension() {
        runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=eventstore")
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStoreEndpoint.class);
                    assertThat(context).doesNotHaveBean(EventStoreEndpointWebExtension.class);
                });
    }

    @Test
    void noEndpointWhenItsAccessIsNone() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventstore",
                        "management.endpoint.eventstore.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(EventStoreEndpoint.class));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventstore")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStoreRegistry.class);
                    assertThat(context).doesNotHaveBean(EventStoreEndpoint.class);
                });
    }

    @Test
    void backsOffWhenTheEventStoresAreDisabled() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventstore", "eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreEndpoint.class));
    }

    @Test
    void aUserEndpointReplacesOurs() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventstore")
                .withBean("myEndpoint", EventStoreEndpoint.class,
                        () -> new EventStoreEndpoint(new EventStoreRegistry(java.util.List.of()), null))
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStoreEndpoint.class);
                    assertThat(context).hasBean("myEndpoint");
                    assertThat(context.getBean(EventStoreEndpoint.class).stores().stores()).isEmpty();
                });
    }
}
