package dev.lockfree.eventstore.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link FakeStreamServer} per test, clients of it that record their retry waits instead of
 * sleeping, and the closing of both after the test.
 */
abstract class FakeServerTestSupport {

    protected FakeStreamServer server;
    protected final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<EventStoreClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = FakeStreamServer.start();
    }

    @AfterEach
    void stopServerAndClients() {
        clients.forEach(EventStoreClient::close);
        server.close();
    }

    /** A builder for a client of the fake whose retry waits go to {@link #sleeper}. */
    protected EventStoreClient.Builder clientBuilder() {
        return EventStoreClient.builder(server.baseUrl()).sleeper(sleeper);
    }

    /** Builds a client that is closed after the test. */
    protected EventStoreClient open(EventStoreClient.Builder builder) {
        EventStoreClient client = builder.build();
        clients.add(client);
        return client;
    }
}
