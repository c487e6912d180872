/**
 * Auto-configuration of the event stores: {@code eventstore.*} properties, the registry, the typed
 * {@code EventStore<T>} beans and the snapshot lifecycle. With its sub-packages, the only package of this module
 * that wires: the others hold runtime types it creates.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
