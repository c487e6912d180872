package dev.lockfree.sample.dashboard.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import dev.lockfree.eventstore.protocol.ProblemTypes;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem bodies from places that run outside Spring MVC's exception handling (servlet filters,
 * the security entry points), so every error of the API has the same shape.
 */
public final class ProblemResponses {

    /** The {@code type} of every problem of this API: one page per kind would be nicer, none is better than a lie. */
    public static final URI TYPE_PREFIX = URI.create(ProblemTypes.PREFIX);

    private ProblemResponses() {
    }

    /**
     * The {@code type} of a problem known only by its status (Spring MVC's own exceptions, the servlet
     * container's refusals): one per status, so a client can switch on {@code type} alone.
     */
    public static URI typeFor(int status) {
        return TYPE_PREFIX.resolve(switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "request-header-fields-too-large";
            case 500 -> "internal-error";
            case 501 -> "not-implemented";
            case 503 -> "service-unavailable";
            default -> "http-" + status;
        });
    }

    /** The request path as a problem's {@code instance}, or {@code null} when it is no valid URI reference. */
    public static URI instanceOf(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE_PREFIX.resolve(type));
        problem.setTitle(title);
        return problem;
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
                             ProblemDetail problem) throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(instanceOf(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
