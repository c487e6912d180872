package dev.lockfree.sample.dashboard.clientsample;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import dev.lockfree.eventstore.client.AggregateResult;
import dev.lockfree.eventstore.client.AppendResult;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.EventStoreClientException;
import dev.lockfree.eventstore.client.GroupAggregate;
import dev.lockfree.eventstore.client.RecordedEvent;
import dev.lockfree.eventstore.client.WrongExpectedVersionException;
import dev.lockfree.eventstore.protocol.ExpectedVersion;

/**
 * The C# seed's ClientSample, on {@code lockfree-eventstore-client}: against a running sample app it appends
 * orders to a fresh stream (the first one conditionally, every one with its id as idempotency key), retries one
 * append to show that the server stores it once, tries an append with a stale expected version, reads the stream
 * back page by page and checks it against the server's aggregate. It prints each step and exits 0 when what it
 * read, what it sent and what the server aggregated agree, 1 when they do not or the server failed, 2 on bad
 * arguments. Not part of the app: run it with {@code scripts/run-client-sample.sh}.
 *
 * <pre>
 * ClientSample [base-url] [--events N] [--stream NAME]
 *   base-url  default: $EVENTSTORE_URL (the C# seed's variable), else http://localhost:8080
 *   --events  orders to append, 1..10000, default 100
 *   --stream  default: client-sample/&lt;random&gt;, so each run starts from an empty stream
 * </pre>
 */
public final class ClientSample {

    static final String DEFAULT_URL = "http://localhost:8080";
    static final int MAX_EVENTS = 10_000;

    /** What the sample appends: the C# seed's {@code GatewayOrderCreated} without its timestamp. */
    public record Order(String id, int valor, String gatewayId) {

        /** Order {@code i}, deterministic so that a run's totals can be checked: valor in 1..4999, three gateways. */
        static Order number(int i) {
            return new Order("order-" + i, 1 + (i * 37) % 4999, "gw-" + (i % 3));
        }
    }

    private ClientSample() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv("EVENTSTORE_URL"), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The whole sample, with its environment and output passed in.
     *
     * @param defaultUrl the base URL when none is given as an argument ({@code $EVENTSTORE_URL}); may be null
     * @return the exit status: 0 agreed, 1 disagreed or failed, 2 bad arguments
     */
    public static int run(String[] args, String defaultUrl, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, defaultUrl);
        } catch (IllegalArgumentException e) {
            err.println("client sample: " + e.getMessage());
            err.println("usage: ClientSample [base-url] [--events N] [--stream NAME]");
            return 2;
        }
        try (EventStoreClient client = EventStoreClient.builder(options.baseUrl())
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(10)).build()) {
            return exercise(client, options, out, err) ? 0 : 1;
        } catch (EventStoreClientException e) {
            err.println("client sample: the server at " + options.baseUrl() + " failed: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) { // the client refuses a bad --stream before sending anything
            err.println("client sample: " + e.getMessage());
            return 2;
        }
    }

    private static boolean exercise(EventStoreClient client, Options options, PrintStream out, PrintStream err) {
        String stream = options.stream();
        out.println("server " + client.baseUrl() + ", stream " + stream);

        long sentValor = 0;
        AppendResult last = null;
        for (int i = 0; i < options.events(); i++) {
            Order order = Order.number(i);
            last = i == 0 ? client.append(stream, order, ExpectedVersion.NO_STREAM, order.id())
                    : client.append(stream, order, order.id());
            sentValor += order.valor();
        }
        out.println("appended " + options.events() + " orders, versions 0.." + last.version() + ", valor " + sentValor);

        Order retried = Order.number(options.events() - 1);
        AppendResult again = client.append(stream, retried, retried.id());
        out.println("retried " + retried.id() + ": version " + again.version() + ", duplicate " + again.duplicate());

        try {
            client.append(stream, Order.number(-1), ExpectedVersion.exactly(0));
            err.println("client sample: an append expecting version 0 of a longer stream was accepted");
            return false;
        } catch (WrongExpectedVersionException e) {
            out.println("append expecting version 0 refused: the stream is at version " + e.currentVersion());
        }

        long read = 0;
        long readValor = 0;
        long expectedVersion = 0;
        boolean inOrder = true;
        try (Stream<RecordedEvent<Order>> events = client.read(stream, 0, Order.class)) {
            for (RecordedEvent<Order> event : (Iterable<RecordedEvent<Order>>) events::iterator) {
                inOrder &= event.version() == expectedVersion++;
                read++;
                readValor += event.data().valor();
            }
        }
        out.println("read back " + read + " orders" + (inOrder ? ", versions gap-free" : ", versions NOT in order")
                + ", valor " + readValor);

        AggregateResult aggregate = client.aggregate(stream, "valor", "gatewayId");
        out.printf("aggregate: count %d, sum %.0f, min %.0f, max %.0f, avg %.2f (%.2f ms on the server)%n",
                aggregate.count(), aggregate.sum(), aggregate.min().orElse(Double.NaN),
                aggregate.max().orElse(Double.NaN), aggregate.avg().orElse(Double.NaN), aggregate.durationMs());
        Map<String, GroupAggregate> groups = new TreeMap<>(aggregate.groups());
        groups.forEach((gateway, group) -> out.printf("  %s: count %d, sum %.0f%n", gateway, group.count(),
                group.sum()));

        boolean agreed = inOrder && again.duplicate() && again.version() == last.version()
                && read == options.events() && readValor == sentValor
                && aggregate.count() == read && aggregate.sum() == readValor;
        if (agreed) {
            out.println("OK: sent, read back and aggregated totals agree");
        } else {
            err.println("client sample: MISMATCH between what was sent, read back and aggregated (see above)");
        }
        return agreed;
    }

    /** The parsed command line. */
    record Options(URI baseUrl, int events, String stream) {

        static Options parse(String[] args, String defaultUrl) {
            String url = null;
            int events = 100;
            String stream = "client-sample/" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--events" -> events = parseEvents(value(args, ++i, "--events"));
                    case "--stream" -> stream = value(args, ++i, "--stream");
                    default -> {
                        if (args[i].startsWith("--") || url != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        url = args[i];
                    }
                }
            }
            if (url == null) {
                url = defaultUrl == null || defaultUrl.isBlank() ? DEFAULT_URL : defaultUrl.trim();
            }
            return new Options(parseUrl(url), events, stream);
        }

        private static String value(String[] args, int at, String option) {
            if (at >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[at];
        }

        private static int parseEvents(String text) {
            try {
                int events = Integer.parseInt(text);
                if (events >= 1 && events <= MAX_EVENTS) {
                    return events;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("--events must be a whole number from 1 to " + MAX_EVENTS
                    + ", was '" + text + "'");
        }

        private static URI parseUrl(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                        || "https".equalsIgnoreCase(uri.getScheme()))) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw new IllegalArgumentException("the base URL must be an absolute http or https URL such as "
                    + DEFAULT_URL + ", was '" + text + "'");
        }
    }
}
