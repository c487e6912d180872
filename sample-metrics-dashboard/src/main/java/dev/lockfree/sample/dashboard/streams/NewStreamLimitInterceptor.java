package dev.lockfree.sample.dashboard.streams;

import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.lockfree.eventstore.protocol.ProblemTypes;
import dev.lockfree.eventstore.protocol.StreamNames;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.web.ProblemResponses;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dashboard.streams.max-new-streams-per-client}: a {@code POST /streams/{stream}} to a stream that does
 * not exist (an attempt to create it) counts against its client's budget; over it, 429 with Retry-After and a
 * problem body, before the append. Appends to existing streams are never counted. An attempt counts even if the
 * append then fails (invalid body, stream limit) or another client created the stream meanwhile.
 */
final class NewStreamLimitInterceptor implements HandlerInterceptor {

    private final EventStreams<JsonNode> streams;
    private final NewStreamBudget budget;
    private final Duration window;
    private final JsonMapper json;

    NewStreamLimitInterceptor(EventStreams<JsonNode> streams, NewStreamBudget budget, Duration window, JsonMapper json) {
        this.streams = streams;
        this.budget = budget;
        this.window = window;
        this.json = json;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!budget.enabled() || !"POST".equals(request.getMethod())) {
            return true;
        }
        String stream = streamName(request);
        if (stream == null || !StreamNames.isValid(stream) || streams.exists(stream)) {
            return true; // the controller answers an invalid name; appends to existing streams are free
        }
        String client = request.getRemoteAddr();
        long waitMillis = budget.charge(client);
        if (waitMillis <= 0) {
            return true;
        }
        long retryAfterSeconds = Math.max(1, (waitMillis + 999) / 1000);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.NEW_STREAM_RATE,
                ProblemTypes.NEW_STREAM_RATE_TITLE, "This client may create " + budget.perClient() + " streams per " + window
                        + " (dashboard.streams.max-new-streams-per-client); retry in " + retryAfterSeconds
                        + " s, or append to existing streams meanwhile");
        problem.setProperty("stream", stream);
        problem.setProperty("maxNewStreamsPerClient", budget.perClient());
        problem.setProperty("window", window.toString());
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        ProblemResponses.write(request, response, json, problem);
        return false;
    }

    /** The stream of {@code /streams/{*stream}} as the controller reads it (without the leading slash). */
    private static String streamName(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (!(variables instanceof Map<?, ?> map) || !(map.get("stream") instanceof String path)) {
            return null;
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
