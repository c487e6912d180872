package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.util.MimeType;

/**
 * An RFC 9457 problem body ({@code application/problem+json}) for a refused endpoint request.
 *
 * @param type   {@code about:blank}: the status says it all
 * @param title  the status phrase
 * @param status the HTTP status
 * @param detail what is wrong, naming the store
 */
public record EndpointProblem(String type, String title, int status, String detail) implements OperationResponseBody {

    static final MimeType MEDIA_TYPE = MimeType.valueOf("application/problem+json");

    static EndpointProblem notFound(String detail) {
        return new EndpointProblem("about:blank", "Not Found", 404, detail);
    }

    static EndpointProblem conflict(String detail) {
        return new EndpointProblem("about:blank", "Conflict", 409, detail);
    }
}
