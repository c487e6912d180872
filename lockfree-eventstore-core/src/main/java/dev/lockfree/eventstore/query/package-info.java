/**
 * The fluent read API: {@link dev.lockfree.eventstore.query.EventQuery} (filter, time range, partitions, early stop,
 * grouping, visiting without copying) over an {@link dev.lockfree.eventstore.query.EventSource}, the store's
 * read-only face.
 *
 * <h2>Memory ordering</h2>
 * Queries hold no shared state of their own. They read partitions through the ring's validated reads (seqlock style,
 * see {@code partition}): each event they see was fully published, and is seen at most once. A query over several
 * partitions is weakly consistent across them: each partition is read as a contiguous run, not all at one instant.
 *
 * <h2>Conventions</h2>
 * Time bounds are inclusive, in epoch milliseconds, applied to each event's own timestamp; a {@code null} bound is
 * unbounded. A query is a builder that its methods change and return (not immutable): build one per read, on the
 * thread that runs it.
 */
package dev.lockfree.eventstore.query;
