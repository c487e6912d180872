package dev.lockfree.eventstore.kafka;

/**
 * Why {@link KafkaStoreBinding} skipped a record instead of appending it. Consumption always goes on after a
 * skip; each reason is counted per partition ({@link PartitionStats#skipped()}) and, with a tag value, is meant for
 * a {@code reason} tag on a {@code eventstore.kafka.records.skipped} meter.
 */
public enum SkipReason {

    /** A tombstone: the record has no value. */
    NULL_VALUE("null-value"),
    /** The decoder threw on the value, or returned {@code null}. */
    UNDECODABLE("undecodable"),
    /**
     * The store's timestamp selector threw on the decoded event (e.g. a missing timestamp property), or the store has
     * none and takes the record's timestamp, and the record has none ({@code RecordBatch.NO_TIMESTAMP}).
     */
    MISSING_TIMESTAMP("missing-timestamp"),
    /** The record's topic partition has no store partition (the topic has more partitions than the store). */
    PARTITION_OUT_OF_RANGE("partition-out-of-range"),
    /** The record's partition is not assigned to this binding (revoked, or never assigned). */
    NOT_ASSIGNED("not-assigned"),
    /** The record is of another topic than the binding's. */
    OTHER_TOPIC("other-topic"),
    /** The record's offset is not after the partition's last offset: it was fed already (a redelivery). */
    ALREADY_FED("already-fed");

    private final String tag;

    SkipReason(String tag) {
        this.tag = tag;
    }

    /** Lower-case, dash-separated: a meter tag value. */
    public String tag() {
        return tag;
    }
}
