package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/**
 * Turns an error response into the typed exception of its status, with a message naming the call, the
 * stream and the server's problem.
 */
final class FailureMapper {

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final ResponseParser parser;

    FailureMapper(ResponseParser parser) {
        this.parser = parser;
    }

    /**
     * The exception for a final response that is not a success.
     *
     * @param exchange        the response and the attempts it took
     * @param call            what the call was, for the message
     * @param stream          the stream of the call
     * @param readsStream     {@code true} for reads and aggregates, for which 404 means "no such stream"
     * @param expectedVersion the {@code ES-ExpectedVersion} sent, {@code null} if none
     * @return the exception to throw
     */
    EventStoreClientException toException(RequestExecutor.Exchange exchange, String call, String stream,
                                          boolean readsStream, String expectedVersion) {
        HttpResponse<byte[]> response = exchange.response();
        int status = response.statusCode();
        int attempts = exchange.attempts();
        Problem problem = parser.problem(response);
        String what = problem != null ? problem.summary() : bodySnippet(response);
        String tried = attempts > 1 ? " after " + attempts + " attempts" : "";
        String prefix = call + " failed" + tried + ": " + status + " ";

        if (status == 409) {
            JsonNode current = problem == null ? null : problem.property("currentVersion").orElse(null);
            if (current != null && current.isIntegralNumber() && current.canConvertToLong()) {
                long currentVersion = current.longValue();
                String expected = problem.property("expectedVersion")
                        .map(node -> node.isString() ? node.stringValue() : node.toString())
                        .orElse(expectedVersion == null ? ExpectedVersion.ANY.headerValue() : expectedVersion);
                return new WrongExpectedVersionException(prefix + "wrong expected version: expected " + expected
                        + ", but " + (currentVersion < 0 ? "the stream does not exist"
                        : "the stream is at version " + currentVersion) + " (" + what + ")",
                        stream, problem, attempts, expected, currentVersion);
            }
            return new UnexpectedResponseException(prefix + what + " (a 409 without \"currentVersion\")",
                    stream, status, problem, attempts, null);
        }
        if (status == 404 && readsStream && isStreamNotFound(problem)) {
            return new StreamNotFoundException(prefix + "stream '" + stream + "' not found (" + what + ")",
                    stream, problem, attempts);
        }
        if (status == 404) {
            return new UnexpectedResponseException(prefix + what + " (not a \"Stream not found\" problem:"
                    + " is the base URL that of the stream server?)", stream, status, problem, attempts, null);
        }
        if (status == 400 || status == 413 || status == 415) {
            return new BadRequestException(prefix + what, stream, status, problem, attempts);
        }
        if (status >= 500 && status <= 599) {
            return new EventStoreServerException(prefix + what, stream, status, problem, attempts);
        }
        return new EventStoreClientException(prefix + what, stream, status, problem, attempts, null);
    }

    /** The contract's 404 problem: title "Stream not found" or the "stream" extension. */
    private static boolean isStreamNotFound(Problem problem) {
        return problem != null
                && ("Stream not found".equalsIgnoreCase(problem.title()) || problem.property("stream").isPresent());
    }

    private static String bodySnippet(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_BODY_IN_MESSAGE * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return text.length() > MAX_BODY_IN_MESSAGE ? text.substring(0, MAX_BODY_IN_MESSAGE) + "..." : text;
    }
}
