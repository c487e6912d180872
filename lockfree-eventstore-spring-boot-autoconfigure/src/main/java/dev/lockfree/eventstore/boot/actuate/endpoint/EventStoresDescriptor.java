package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * {@code GET /actuator/eventstore}: every store by name, in declaration order.
 *
 * @param stores a summary of each store
 */
public record EventStoresDescriptor(Map<String, StoreDescriptor> stores) implements OperationResponseBody {
}
