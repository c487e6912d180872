package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import dev.lockfree.eventstore.boot.actuate.endpoint.EndpointProblem;
import dev.lockfree.eventstore.boot.actuate.endpoint.InvalidParameterProblem;
import dev.lockfree.eventstore.boot.kafka.WindowAnswer;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for the JSON of the cluster query in a native image: the {@code eventstorewindow} endpoint
 * returns {@code WebEndpointResponse<Object>}, whose body types the operation processor cannot see, and the
 * {@code HttpOwnerClient} reads {@link WindowAnswer} back through its record constructor.
 */
class EventStoreClusterRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), WindowAnswer.class,
                InvalidParameterProblem.class, EndpointProblem.class);
    }
}
