/**
 * Micrometer Observations of snapshot saves, prunes and restores.
 */
@NullMarked
package dev.lockfree.eventstore.boot.observation;

import org.jspecify.annotations.NullMarked;
