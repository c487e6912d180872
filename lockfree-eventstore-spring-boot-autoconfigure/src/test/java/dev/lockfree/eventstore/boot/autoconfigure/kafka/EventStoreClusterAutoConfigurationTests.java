package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreWindowEndpoint;
import dev.lockfree.eventstore.boot.actuate.endpoint.InvalidParameterProblem;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.kafka.AdminPartitionOwners;
import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;
import dev.lockfree.eventstore.boot.kafka.HttpOwnerClient;
import dev.lockfree.eventstore.boot.kafka.KafkaFedStore;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMode;
import dev.lockfree.eventstore.boot.kafka.OwnerClient;
import dev.lockfree.eventstore.boot.kafka.PartitionOwners;
import dev.lockfree.eventstore.boot.kafka.WindowAnswer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreClusterAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreClusterAutoConfiguration.class));

    private static KafkaFedStore orders() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(2).create();
        return new KafkaFedStore("orders", "orders", "app-orders", KafkaFeedMode.SHARD, store, TreeSet::new);
    }

    private static KafkaAdmin kafkaAdmin() {
        // never connects here: the Admin client connects on its first request
        return new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));
    }

    @Test
    void backsOffWithoutAKafkaFedStore() {
        runner.withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreCluster.class)
                        .doesNotHaveBean(PartitionOwners.class).doesNotHaveBean(EventStoreWindowEndpoint.class));
    }

    @Test
    void backsOffWithoutSpringKafka() {
        runner.withClassLoader(new FilteredClassLoader(KafkaAdmin.class))
                .withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreCluster.class));
    }

    @Test
    void createsTheClusterFromTheKafkaFedStoresAndBootsKafkaAdmin() {
        runner.withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .withPropertyValues("eventstore.kafka.cluster.timeout=750ms")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStoreCluster.class)
                            .hasSingleBean(AdminPartitionOwners.class).hasSingleBean(HttpOwnerClient.class)
                            .doesNotHaveBean(EventStoreWindowEndpoint.class); // not exposed
                    assertThat(context.getBean(EventStoreCluster.class).stores()).containsExactly("orders");
                    assertThat(context.getBean(EventStoreProperties.class).kafka().cluster().timeout())
                            .isEqualTo(Duration.ofMillis(750));
                });
    }

    @Test
    void theEndpointExistsWhenExposed() {
        runner.withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .withPropertyValues("management.endpoints.web.exposure.include=eventstorewindow")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStoreWindowEndpoint.class));
    }

    @Test
    void theApplicationsOwnDiscoveryAndClientWin() {
        PartitionOwners fixed = (groupId, topic, store, timeout) -> new TreeMap<>();
        OwnerClient none = (owner, store, from, to, partitions, timeout) -> {
            throw new IllegalStateException("not called");
        };
        runner.withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .withBean(PartitionOwners.class, () -> fixed)
                .withBean(OwnerClient.class, () -> none)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStoreCluster.class)
                        .doesNotHaveBean(AdminPartitionOwners.class).doesNotHaveBean(HttpOwnerClient.class));
    }

    @Test
    void aTimeoutThatIsNotPositiveFailsStartUpNamingTheKey() {
        runner.withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .withPropertyValues("eventstore.kafka.cluster.timeout=0s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.kafka.cluster.timeout must be positive"));
    }

    @Test
    void theWireRecordsAreRegisteredForReflectionInANativeImage() {
        RuntimeHints hints = new RuntimeHints();
        new EventStoreClusterRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection().onType(WindowAnswer.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(InvalidParameterProblem.class)).accepts(hints);
    }

    @Test
    void theWindowEndpointPathFollowsActuatorsBasePathAndMapping() {
        assertThat(EventStoreClusterAutoConfiguration.windowEndpointPath(new MockEnvironment()))
                .isEqualTo("/actuator/eventstorewindow");
        assertThat(EventStoreClusterAutoConfiguration.windowEndpointPath(new MockEnvironment()
                .withProperty("management.endpoints.web.base-path", "/manage/")
                .withProperty("management.endpoints.web.path-mapping.eventstorewindow", "window")))
                .isEqualTo("/manage/window");
    }

    @Test
    void theTimeoutDefaultsToTwoSeconds() {
        runner.withBean(KafkaAdmin.class, EventStoreClusterAutoConfigurationTests::kafkaAdmin)
                .withBean(KafkaFedStore.class, EventStoreClusterAutoConfigurationTests::orders)
                .run(context -> assertThat(context.getBean(EventStoreProperties.class).kafka().cluster().timeout())
                        .isEqualTo(Duration.ofSeconds(2)));
    }
}
