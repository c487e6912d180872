package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * An RFC 9457 problem body for a request parameter that is missing, malformed or out of range: 400, with the
 * parameter named in an extension member so that a client need not parse {@code detail}.
 *
 * @param type      {@code about:blank}: the status says it all
 * @param title     {@code Bad Request}
 * @param status    400
 * @param detail    what is wrong with the parameter, and what is expected
 * @param parameter the parameter's name
 */
public record InvalidParameterProblem(String type, String title, int status, String detail, String parameter)
        implements OperationResponseBody {

    static InvalidParameterProblem of(String parameter, String detail) {
        return new InvalidParameterProblem("about:blank", "Bad Request", 400, detail, parameter);
    }
}
