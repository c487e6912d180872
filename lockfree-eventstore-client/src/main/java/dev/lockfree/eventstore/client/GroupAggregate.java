package dev.lockfree.eventstore.client;

/**
 * The aggregate of one group of an {@link AggregateResult}.
 *
 * @param count    the events of the group whose field is a number
 * @param sum      the sum of that field over them; {@code NaN} when {@code overflow}
 * @param overflow whether the sum left the range of a double (the server answers {@code null} for it)
 */
public record GroupAggregate(long count, double sum, boolean overflow) {

    /** A group whose sum fits a double. */
    public GroupAggregate(long count, double sum) {
        this(count, sum, false);
    }
}
