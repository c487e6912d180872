/**
 * The {@code eventstore} Actuator endpoint and the records it renders as JSON.
 */
@NullMarked
package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
