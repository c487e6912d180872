/**
 * Auto-configuration of the {@code eventstore} info contributor.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.info;

import org.jspecify.annotations.NullMarked;
