/**
 * Micrometer meters of the event stores ({@code eventstore.*}, tag {@code store}).
 */
@NullMarked
package dev.lockfree.eventstore.boot.metrics;

import org.jspecify.annotations.NullMarked;
