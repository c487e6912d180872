package dev.lockfree.eventstore.boot.kafka;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * What {@link HttpOwnerClient} adds to each request to an owner's window endpoint, which sits behind whatever
 * secures the management surface: HTTP Basic credentials and/or fixed headers (e.g. a bearer token). Its
 * {@link #toString()} names the user and the header names only, never a secret.
 */
public final class OwnerRequestCredentials implements UnaryOperator<HttpRequest.Builder> {

    private static final OwnerRequestCredentials NONE = new OwnerRequestCredentials(null, null, Map.of());

    private final @Nullable String username;
    private final @Nullable String basicAuthorization;
    private final Map<String, String> headers;

    /**
     * @param username HTTP Basic user, or {@code null} for no Basic authentication
     * @param password HTTP Basic password; given exactly when {@code username} is
     * @param headers  added to every request as they are (their order kept)
     * @throws IllegalArgumentException when only one of user and password is given, or when Basic credentials
     *                                  and an {@code Authorization} header are both given
     */
    public OwnerRequestCredentials(@Nullable String username, @Nullable String password, Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password must be given together");
        }
        if (username != null && headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase)) {
            throw new IllegalArgumentException("Basic credentials and an Authorization header cannot both be given");
        }
        this.username = username;
        this.basicAuthorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Adds nothing. */
    public static OwnerRequestCredentials none() {
        return NONE;
    }

    @Override
    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        if (basicAuthorization != null) {
            request.setHeader("Authorization", basicAuthorization);
        }
        headers.forEach(request::setHeader);
        return request;
    }

    @Override
    public String toString() {
        return "OwnerRequestCredentials[username=" + (username == null ? "none" : username)
                + (basicAuthorization == null ? "" : ", password=******") + ", headers=" + headers.keySet()
                + " (values masked)]";
    }
}
