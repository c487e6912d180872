package dev.lockfree.eventstore.boot.autoconfigure;

import dev.lockfree.eventstore.boot.actuate.endpoint.EndpointProblem;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoresDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaPartitionDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.PartitionDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.PartitionSnapshotDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.SnapshotDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.SnapshotTakenDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.StoreDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.StoreDetailsDescriptor;
import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfo;
import dev.lockfree.eventstore.boot.autoconfigure.endpoint.EventStoreEndpointAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.info.EventStoreInfoContributorAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.annotation.AnnotationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** What a native image needs to reflect on, registered through {@code @ImportRuntimeHints}. */
class EventStoreRuntimeHintsTests {

    @Test
    void propertiesRecordsBoundByTheBeanRegistrarHaveHints() throws Exception {
        RuntimeHints hints = hintsOf(EventStoreAutoConfiguration.class);
        for (Class<?> type : new Class<?>[] { EventStoreProperties.class, EventStoreProperties.Store.class,
                EventStoreProperties.StoreWindow.class, EventStoreProperties.StoreSnapshot.class,
                EventStoreProperties.Health.class, EventStoreProperties.Metrics.class }) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(EventStoreProperties.Store.class.getMethod("eventType"))).accepts(hints);
    }

    @Test
    void endpointDescriptorsHaveBindingHintsIncludingNestedOnes() throws Exception {
        RuntimeHints hints = hintsOf(EventStoreEndpointAutoConfiguration.class);
        for (Class<?> type : new Class<?>[] { EventStoresDescriptor.class, StoreDescriptor.class,
                SnapshotDescriptor.class, StoreDetailsDescriptor.class, PartitionDescriptor.class,
                PartitionSnapshotDescriptor.class, SnapshotTakenDescriptor.class, EndpointProblem.class,
                KafkaDescriptor.class, KafkaPartitionDescriptor.class }) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(StoreDescriptor.class.getMethod("appendsPerSecond"))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(PartitionSnapshotDescriptor.class.getMethod("pendingSince"))).accepts(hints);
    }

    @Test
    void infoRecordsHaveBindingHints() throws Exception {
        RuntimeHints hints = hintsOf(EventStoreInfoContributorAutoConfiguration.class);
        assertThat(RuntimeHintsPredicates.reflection().onType(EventStoreInfo.Store.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(EventStoreInfo.Snapshot.class.getMethod("interval"))).accepts(hints);
    }

    /** Runs the registrars the auto-configuration imports, as AOT processing does. */
    private static RuntimeHints hintsOf(Class<?> autoConfiguration) {
        ImportRuntimeHints imported = AnnotationUtils.findAnnotation(autoConfiguration, ImportRuntimeHints.class);
        assertThat(imported).as("@ImportRuntimeHints on " + autoConfiguration.getSimpleName()).isNotNull();
        RuntimeHints hints = new RuntimeHints();
        for (Class<? extends RuntimeHintsRegistrar> registrar : imported.value()) {
            BeanUtils.instantiateClass(registrar).registerHints(hints, autoConfiguration.getClassLoader());
        }
        return hints;
    }
}
