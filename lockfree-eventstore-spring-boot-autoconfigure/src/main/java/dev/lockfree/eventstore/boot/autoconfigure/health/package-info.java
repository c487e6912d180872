/**
 * Auto-configuration of the event stores' health indicators.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
