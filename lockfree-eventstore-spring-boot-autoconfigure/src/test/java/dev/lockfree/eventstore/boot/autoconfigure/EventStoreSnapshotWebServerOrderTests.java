package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodec;
import dev.lockfree.eventstore.codec.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a real Tomcat: restore decodes while the port still refuses connections, and the final snapshot
 * encodes after the port stopped accepting them.
 */
class EventStoreSnapshotWebServerOrderTests {

    /** Wraps the Jackson codec and records, at each call, whether the web server accepted connections. */
    static final class ProbingCodec implements EventCodec<OrderEvent> {
        final List<String> log = new CopyOnWriteArrayList<>();
        private final EventCodec<OrderEvent> delegate = new JacksonEventCodec<>(JsonMapper.builder().build(),
                OrderEvent.class);
        private final int port;

        ProbingCodec(int port) {
            this.port = port;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void encode(OrderEvent event, DataOutput out) throws IOException {
            log.add("encode port=" + (accepting(port) ? "open" : "refused"));
            delegate.encode(event, out);
        }

        @Override
        public OrderEvent decode(DataInput in) throws IOException {
            log.add("decode port=" + (accepting(port) ? "open" : "refused"));
            return delegate.decode(in);
        }
    }

    static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void restoreBeforeThePortOpensAndFinalSnapshotAfterItCloses(@TempDir Path tmp) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        WebApplicationContextRunner runner = new WebApplicationContextRunner(
                AnnotationConfigServletWebServerApplicationContext::new)
                .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
                .withBean(TomcatServletWebServerFactory.class, () -> new TomcatServletWebServerFactory(port))
                .withPropertyValues("eventstore.snapshot.enabled=true",
                        "eventstore.snapshot.directory=" + tmp.resolve("s"),
                        "eventstore.snapshot.interval=1h", "eventstore.snapshot.min-events-between=0",
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.partitions=1");
        OrderEvent event = new OrderEvent("c", 1, Instant.EPOCH);

        ProbingCodec first = new ProbingCodec(port);
        runner.withBean("ordersEventCodec", EventCodec.class, () -> first).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(accepting(port)).as("the probe sees the running server").isTrue();
            context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class).tryAppend(event);
        });
        assertThat(first.log).containsExactly("encode port=refused");

        ProbingCodec second = new ProbingCodec(port);
        runner.withBean("ordersEventCodec", EventCodec.class, () -> second).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class).snapshot())
                    .containsExactly(event);
        });
        assertThat(second.log).first().isEqualTo("decode port=refused");
    }
}
