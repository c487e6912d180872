/**
 * Auto-configuration of the event stores' Micrometer meters.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
