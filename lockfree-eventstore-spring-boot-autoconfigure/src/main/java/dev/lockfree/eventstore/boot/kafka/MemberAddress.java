package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a consumer-group member answers cluster queries, carried in its Kafka client id.
 *
 * <p>A store's consumers use the client-id prefix {@code eventstore.<store>@<base URL>}; Spring Kafka appends
 * {@code -<n>} per consumer thread. The group's description (Admin {@code describeConsumerGroups}) then lists,
 * per member, its client id and its assigned partitions: the owners of every partition and their addresses come
 * from Kafka alone, never from a hand-kept list.
 */
public final class MemberAddress {

    private static final String PREFIX = "eventstore.";

    private MemberAddress() {
    }

    /**
     * The client-id prefix of a store's consumers on the instance reachable at {@code baseUrl}.
     *
     * @param store   the store's name (letters, digits, {@code -} and {@code _}; never {@code @})
     * @param baseUrl an absolute {@code http} or {@code https} URL with no query or fragment, e.g.
     *                {@code http://10.0.0.7:8080}
     * @throws IllegalArgumentException naming the value when the store contains {@code @} or the URL is not
     *                                  absolute http(s)
     */
    public static String clientIdPrefix(String store, URI baseUrl) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (store.isEmpty() || store.indexOf('@') >= 0) {
            throw new IllegalArgumentException("store name '" + store + "' cannot name a Kafka member: it must be "
                    + "non-empty and hold no '@'");
        }
        checkBaseUrl(baseUrl);
        String url = baseUrl.toString();
        return PREFIX + store + "@" + (url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * The base URL of the member with this client id, if it is a consumer of {@code store} named by
     * {@link #clientIdPrefix}; empty for any other client id (another store, another application's consumer).
     */
    public static Optional<URI> baseUrl(String clientId, String store) {
        String prefix = PREFIX + store + "@";
        if (!clientId.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = clientId.substring(prefix.length());
        int suffix = rest.lastIndexOf('-');
        // Spring Kafka appends "-<n>"; a URL never ends in "-digits" after its port or path here
        if (suffix > 0 && rest.substring(suffix + 1).chars().allMatch(Character::isDigit)
                && suffix + 1 < rest.length()) {
            rest = rest.substring(0, suffix);
        }
        try {
            URI uri = new URI(rest);
            checkBaseUrl(uri);
            return Optional.of(uri);
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private static void checkBaseUrl(URI baseUrl) {
        String scheme = baseUrl.getScheme();
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                || !("http".equals(scheme) || "https".equals(scheme))
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not a member address: it must be an absolute "
                    + "http or https URL with a host and no query or fragment");
        }
    }
}
