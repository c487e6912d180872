/**
 * Auto-configuration of the snapshot Observations.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
