/**
 * Snapshot persistence of the event stores at run time: the {@link
 * dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle} that restores every persisted store at
 * start-up and snapshots it until shutdown, and the {@link dev.lockfree.eventstore.boot.snapshot.StoreSnapshots}
 * of each store that the Actuator endpoint, the health indicators and the meters read.
 *
 * <p>Runtime state only: it takes plain values (a directory, the core's {@code SnapshotOptions}) and never
 * depends on {@code dev.lockfree.eventstore.boot.autoconfigure}, which creates it from
 * {@code eventstore.snapshot.*}.
 */
@NullMarked
package dev.lockfree.eventstore.boot.snapshot;

import org.jspecify.annotations.NullMarked;
