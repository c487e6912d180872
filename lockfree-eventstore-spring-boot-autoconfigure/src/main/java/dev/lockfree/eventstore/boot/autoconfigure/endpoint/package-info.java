/**
 * Auto-configuration of the {@code eventstore} Actuator endpoint.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
