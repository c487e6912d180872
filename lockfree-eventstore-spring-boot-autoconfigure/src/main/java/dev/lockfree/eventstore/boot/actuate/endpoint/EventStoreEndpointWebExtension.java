package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP statuses for the {@link EventStoreEndpoint}: an unknown store is 404 and a snapshot of a store
 * that is not persisted is 409, each with an {@code application/problem+json} body that names the store.
 */
@EndpointWebExtension(endpoint = EventStoreEndpoint.class)
public class EventStoreEndpointWebExtension {

    private final EventStoreEndpoint delegate;

    public EventStoreEndpointWebExtension(EventStoreEndpoint delegate) {
        this.delegate = delegate;
    }

    @ReadOperation
    public WebEndpointResponse<Object> store(@Selector String store) {
        @Nullable StoreDetailsDescriptor details = delegate.store(store);
        if (details == null) {
            return notFound(store);
        }
        return new WebEndpointResponse<>(details);
    }

    @WriteOperation
    public WebEndpointResponse<Object> snapshot(@Selector String store) {
        if (!delegate.contains(store)) {
            return notFound(store);
        }
        try {
            return new WebEndpointResponse<>(delegate.snapshot(store));
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            return new WebEndpointResponse<>(EndpointProblem.conflict(message != null ? message
                    : "Event store '" + store + "' cannot be snapshotted now"), 409, EndpointProblem.MEDIA_TYPE);
        }
    }

    private static WebEndpointResponse<Object> notFound(String store) {
        return new WebEndpointResponse<>(EndpointProblem.notFound("No event store named '" + store + "'"),
                WebEndpointResponse.STATUS_NOT_FOUND, EndpointProblem.MEDIA_TYPE);
    }
}
