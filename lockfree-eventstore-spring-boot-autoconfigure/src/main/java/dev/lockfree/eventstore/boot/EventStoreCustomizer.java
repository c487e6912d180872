package dev.lockfree.eventstore.boot;

import dev.lockfree.eventstore.EventStoreBuilder;

/**
 * Callback that adjusts the builder of each store before it is created: selectors in code, clocks,
 * discard callbacks... Customizers run after the {@code eventstore.defaults.*} and
 * {@code eventstore.stores.<name>.*} properties (or an {@link EventStoreRegistrar}'s configurer) were
 * applied, in {@link org.springframework.core.Ordered} order, so they win.
 */
@FunctionalInterface
public interface EventStoreCustomizer {

    /**
     * @param storeName the store's name
     * @param builder   its builder; its type argument is the store's event type
     *                  ({@link EventStoreRegistry#eventType(String)})
     */
    void customize(String storeName, EventStoreBuilder<?> builder);
}
