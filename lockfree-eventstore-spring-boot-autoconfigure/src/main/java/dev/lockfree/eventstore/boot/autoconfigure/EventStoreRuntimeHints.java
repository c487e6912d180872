package dev.lockfree.eventstore.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for a native image. {@link EventStoreBeanRegistrar} binds
 * {@code eventstore.stores.*} with the {@code Binder} directly, outside the {@code @ConfigurationProperties}
 * bean that Boot's AOT processing covers, so the properties records need hints of their own.
 */
class EventStoreRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), EventStoreProperties.class,
                EventStoreProperties.Store.class);
    }
}
