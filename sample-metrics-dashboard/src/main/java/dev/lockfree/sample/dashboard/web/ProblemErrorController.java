package dev.lockfree.sample.dashboard.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import tools.jackson.databind.json.JsonMapper;

/**
 * The error page the servlet container forwards to (Boot registers it for every status): errors that never
 * reached a controller, such as Tomcat refusing {@code TRACE}, an exception in a filter, or an encoded
 * {@code /} in the path. Replaces Boot's BasicErrorController, whose JSON is not a problem body. Always
 * {@code application/problem+json}, whatever the request's {@code Accept} (an error is not negotiated away
 * into a 406), and the {@code detail} is fixed per status: the container's message may quote raw input.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    private final JsonMapper json;

    public ProblemErrorController(JsonMapper json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Requested directly, /error is just a path nothing else serves.
        int status = code instanceof Integer value && value >= 400 ? value : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = statusProblem(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(ProblemResponses.instanceOf(uri instanceof String path ? path : request.getRequestURI()));
        response.resetBuffer();
        ProblemResponses.write(request, response, json, problem);
    }

    /** A problem known only by its status, with the app's {@code type} and a detail that quotes nothing. */
    public static ProblemDetail statusProblem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(ProblemResponses.typeFor(status));
        problem.setTitle(known == null ? "HTTP " + status : known.getReasonPhrase());
        problem.setDetail(switch (status) {
            case 400 -> "The request is malformed: its request line, URL, headers or framing are not valid HTTP"
                    + " or not accepted by this server";
            case 404 -> "Nothing is served at this path";
            case 405 -> "This method is not allowed here";
            case 413 -> "The request body is too large";
            case 414 -> "The request URL is too long";
            case 431 -> "The request headers are too large";
            case 500 -> "Unexpected server error; the server log has the details";
            case 503 -> "The server is not able to handle the request now; retry later";
            default -> "The request failed with HTTP status " + status;
        });
        return problem;
    }
}
