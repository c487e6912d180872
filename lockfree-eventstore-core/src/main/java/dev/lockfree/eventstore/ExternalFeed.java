package dev.lockfree.eventstore;

import java.util.Objects;

/**
 * Marks a store as fed from outside (see {@link EventStoreBuilder#withExternalFeed}): who owns the store, and
 * what a caller who tried a local append should publish with instead. Both go into the refusal message.
 *
 * @param storeName the store's name
 * @param publisher what publishes events into the feed's source, e.g. {@code "EventStorePublisher 'ordersEventPublisher'"}
 */
public record ExternalFeed(String storeName, String publisher) {

    public ExternalFeed {
        Objects.requireNonNull(storeName, "storeName must not be null");
        Objects.requireNonNull(publisher, "publisher must not be null");
        if (storeName.isBlank()) {
            throw new IllegalArgumentException("storeName must not be blank");
        }
        if (publisher.isBlank()) {
            throw new IllegalArgumentException("publisher must not be blank");
        }
    }

    /** The message of the {@link IllegalStateException} a local append gets. */
    public String refusal() {
        return "Store '" + storeName + "' is fed externally and refuses local appends: an event that the other "
                + "instances never see must not look stored. Publish it with " + publisher + " instead.";
    }
}
