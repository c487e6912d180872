package dev.lockfree.eventstore.boot;

import java.util.function.Consumer;

import dev.lockfree.eventstore.EventStoreBuilder;

/**
 * Declares stores in code (type-safe and refactor-friendly), next to those configured under
 * {@code eventstore.stores.*}. {@code eventstore.defaults.*} apply first, then the configurer, then the
 * {@link EventStoreCustomizer}s. A store name used twice (by two registrars, or by a registrar and the
 * properties) fails start-up naming both origins.
 *
 * <p>Stores declared here are available from the {@link EventStoreRegistry}; they are not registered as
 * {@code EventStore<T>} beans (declare one with {@code registry.get(name, Type.class)} if needed).
 *
 * <pre>{@code
 * @Bean
 * EventStoreRegistrar orders() {
 *     return stores -> stores.register("orders", OrderEvent.class,
 *             builder -> builder.withTimestampSelector(e -> e.createdAt().toEpochMilli()));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EventStoreRegistrar {

    void registerStores(Stores stores);

    /** Where a registrar declares its stores. */
    interface Stores {

        /**
         * Declares a store.
         *
         * @param name       store name (letters, digits, '.', '_' and '-', at most 64 characters, no leading dot)
         * @param eventType  class of its events
         * @param configurer applied to the builder after the defaults
         */
        <E> Stores register(String name, Class<E> eventType, Consumer<? super EventStoreBuilder<E>> configurer);

        /** Declares a store with the defaults. */
        default <E> Stores register(String name, Class<E> eventType) {
            return register(name, eventType, builder -> {
            });
        }
    }
}
