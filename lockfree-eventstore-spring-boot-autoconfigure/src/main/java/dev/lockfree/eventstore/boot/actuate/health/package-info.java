/**
 * Health indicators of the event stores.
 */
@NullMarked
package dev.lockfree.eventstore.boot.actuate.health;

import org.jspecify.annotations.NullMarked;
