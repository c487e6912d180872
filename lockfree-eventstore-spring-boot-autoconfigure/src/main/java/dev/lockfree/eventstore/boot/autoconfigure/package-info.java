/**
 * Auto-configuration of the event stores: {@code eventstore.*} properties, the registry, the typed
 * {@code EventStore<T>} beans and the snapshot lifecycle. With its sub-packages, the only package of this module
 * that wires: the others hold runtime types it creates.
 *
 * <p>Not {@code @NullMarked} yet, so NullAway skips it: the optional keys of {@code EventStoreProperties} (and
 * the code that reads them) first need their {@code @Nullable}; marking the package today gives 17 NullAway
 * errors, all of that kind.
 */
package dev.lockfree.eventstore.boot.autoconfigure;
