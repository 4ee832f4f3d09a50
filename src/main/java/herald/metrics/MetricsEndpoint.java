package herald.metrics;

import herald.access.Public;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: Herald's series in Prometheus text, served by the WAR itself, so the same on every server.
 *
 * <p>A servlet mapped to exactly {@code /metrics}, not a JAX-RS resource: Payara adds its own metrics servlet to
 * the application at the context root under {@code /metrics/*}, which would win over the JAX-RS application's
 * {@code /*}, while an exact mapping wins over both (Servlet 6.0 §12.1). Payara's own series are then not served
 * (MicroProfile Metrics 5 selects them with {@code /metrics?scope=}), which is why the JVM's are in Herald's
 * registry; WildFly serves its own on the management port.
 */
@WebServlet("/metrics")
// A servlet is outside SecureByDefault's reach (JAX-RS); the annotation records why this route is open.
@Public("Prometheus scrapes without credentials; the series count what happened on this node, and no label names"
        + " a topic, an audience or a user (herald.metrics package-info)")
public class MetricsEndpoint extends HttpServlet {

    /** The Prometheus text exposition format, which every Prometheus version scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    HeraldMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(CONTENT_TYPE);
        response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
