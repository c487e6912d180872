package dev.lockfree.eventstore.boot.autoconfigure.endpoint;

import dev.lockfree.eventstore.boot.actuate.endpoint.EndpointProblem;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoresDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.StoreDetailsDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.SnapshotTakenDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for the JSON of the {@code eventstore} endpoint in a native image. The web extension
 * returns {@code WebEndpointResponse<Object>}, whose body types the operation processor cannot see; the
 * binding registrar walks each record's components (the nested descriptors too).
 */
class EventStoreEndpointRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), EventStoresDescriptor.class,
                StoreDetailsDescriptor.class, SnapshotTakenDescriptor.class, EndpointProblem.class);
    }
}
