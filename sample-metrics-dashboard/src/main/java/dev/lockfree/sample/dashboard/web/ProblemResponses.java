package dev.lockfree.sample.dashboard.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem bodies from places that run outside Spring MVC's exception handling (servlet filters,
 * the security entry points), so every error of the API has the same shape.
 */
public final class ProblemResponses {

    /** The {@code type} of every problem of this API: one page per kind would be nicer, none is better than a lie. */
    public static final URI TYPE_PREFIX = URI.create("https://lockfree.dev/problems/");

    private ProblemResponses() {
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
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
