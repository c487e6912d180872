package dev.lockfree.eventstore.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary encoding of one event, used by the snapshot format.
 *
 * <p>The {@link #name()} is written into every snapshot and checked on restore, so a snapshot is never
 * decoded by a codec that did not write it. Change the name (e.g. {@code "acme.Order/2"}) whenever the
 * encoding changes incompatibly.
 *
 * <p>{@link #decode} reads untrusted bytes (a file on disk): it must bound every length it reads before
 * allocating, and report malformed input with an {@link IOException}. It is only ever called on a payload
 * whose checksum has already been verified, and is given exactly that payload: reading past the end throws
 * {@link java.io.EOFException}.
 *
 * @param <E> the event type
 */
public interface EventCodec<E> {

    /** A stable identifier of this encoding, 1 to 255 UTF-8 bytes, no control characters. */
    String name();

    void encode(E event, DataOutput out) throws IOException;

    E decode(DataInput in) throws IOException;
}
