package dev.lockfree.sample.dashboard.web;

import java.io.PrintWriter;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on an error, as a problem body instead of its HTML page. It answers what Tomcat refuses
 * before any servlet runs, so neither Spring MVC nor the {@code /error} page ({@link ProblemErrorController})
 * sees it: {@code \} or an invalid percent-escape ({@code %00}, {@code %ZZ}, bytes that are not UTF-8) in the
 * path, an encoded {@code /} or {@code \}, a request line or header over {@code server.max-http-request-header-size}.
 * The detail is fixed per status; Tomcat's own message quotes the raw request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    public ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // The same guard as Tomcat's: only an error nobody has written a body for yet.
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemDetail problem = ProblemErrorController.statusProblem(response.getStatus());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (Exception | LinkageError e) {
            // The connection is being closed on an error already; there is no better answer left to give.
            containerLog.debug("Could not write the problem body of a " + response.getStatus(), e);
        }
    }

    /**
     * Puts the valve on the host in place of Tomcat's (and of the one Boot adds to hide the server version). Runs
     * after Boot's own customizer, whose context customizer adds that valve.
     */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final JsonMapper json;

        Installer(JsonMapper json) {
            this.json = json;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve(json));
                // The host adds an instance of this class on start unless one is in its pipeline already.
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
