package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.PaymentEvent;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodec;
import dev.lockfree.eventstore.codec.EventCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonEventCodecTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void roundTripsRecordsAsLengthPrefixedJson() throws IOException {
        EventCodec<OrderEvent> codec = new JacksonEventCodec<>(mapper, OrderEvent.class);
        OrderEvent first = new OrderEvent("c-1", 12.5, Instant.parse("2026-11-27T10:00:00.123Z"));
        OrderEvent second = new OrderEvent("c-2", -1, Instant.EPOCH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        codec.encode(first, out);
        codec.encode(second, out);

        byte[] written = bytes.toByteArray();
        int length = new DataInputStream(new ByteArrayInputStream(written)).readInt();
        assertThat(new String(written, 4, length, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{").contains("\"customerId\":\"c-1\"");

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(written));
        assertThat(codec.decode(in)).isEqualTo(first);
        assertThat(codec.decode(in)).isEqualTo(second);
        assertThat(in.available()).isZero();
    }

    @Test
    void nameCarriesTheClassSoTheSnapshotFormatRefusesAnotherClass() {
        assertThat(new JacksonEventCodec<>(mapper, OrderEvent.class).name())
                .isEqualTo("jackson-json:" + OrderEvent.class.getName())
                .isNotEqualTo(new JacksonEventCodec<>(mapper, PaymentEvent.class).name());
    }

    @Test
    void decodeBoundsTheLengthAndReportsMalformedJson() throws IOException {
        EventCodec<PaymentEvent> codec = new JacksonEventCodec<>(mapper, PaymentEvent.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> codec.decode(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("length 2147483647");

        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bad);
        byte[] json = "{\"account\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        assertThatThrownBy(() -> codec.decode(new DataInputStream(new ByteArrayInputStream(bad.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("Cannot read " + PaymentEvent.class.getName());

        PaymentEvent event = new PaymentEvent("acc", new BigDecimal("10.01"), 5);
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        codec.encode(event, new DataOutputStream(ok));
        assertThat(codec.decode(new DataInputStream(new ByteArrayInputStream(ok.toByteArray())))).isEqualTo(event);
    }
}
