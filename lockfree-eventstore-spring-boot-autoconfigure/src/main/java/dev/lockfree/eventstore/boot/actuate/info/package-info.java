/**
 * The {@code eventstore} section of the Actuator info endpoint.
 */
@NullMarked
package dev.lockfree.eventstore.boot.actuate.info;

import org.jspecify.annotations.NullMarked;
