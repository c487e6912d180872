package dev.lockfree.eventstore.client;

/**
 * The aggregate of one group of an {@link AggregateResult}.
 *
 * @param count the events of the group whose field is a number
 * @param sum   the sum of that field over them
 */
public record GroupAggregate(long count, double sum) {
}
