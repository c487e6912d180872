package dev.lockfree.eventstore.boot.codec;

import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/** {@link EventCodecFactory} of {@link JacksonEventCodec}s sharing one {@link JsonMapper}. */
public final class JacksonEventCodecFactory implements EventCodecFactory {

    private final JsonMapper mapper;

    public JacksonEventCodecFactory(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public <E> JacksonEventCodec<E> codecFor(Class<E> eventType) {
        return new JacksonEventCodec<>(mapper, eventType);
    }
}
