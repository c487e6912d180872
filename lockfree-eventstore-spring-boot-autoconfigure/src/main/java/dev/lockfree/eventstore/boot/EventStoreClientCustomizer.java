package dev.lockfree.eventstore.boot;

import dev.lockfree.eventstore.client.EventStoreClient;

/**
 * Adjusts the builder of the auto-configured {@link EventStoreClient} after the {@code eventstore.client.*}
 * properties were applied: an {@code Authorization} header from a secret store, an own
 * {@code HttpClient} or {@code JsonMapper}... Customizers run in {@code @Order}.
 */
@FunctionalInterface
public interface EventStoreClientCustomizer {

    /**
     * @param builder the builder, with the properties applied
     */
    void customize(EventStoreClient.Builder builder);
}
