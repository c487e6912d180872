package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.codec.EventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Test codec for stores of Longs. */
final class LongCodec implements EventCodec<Long> {

    @Override
    public String name() {
        return "test.Long/1";
    }

    @Override
    public void encode(Long event, DataOutput out) throws IOException {
        out.writeLong(event);
    }

    @Override
    public Long decode(DataInput in) throws IOException {
        return in.readLong();
    }
}
