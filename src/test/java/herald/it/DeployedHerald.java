package herald.it;

import herald.metrics.PrometheusText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR exactly as {@code mvn package} built it, deployed onto embedded Payara, and the JDK's HTTP client
 * to talk to it from the outside.
 */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedHerald {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    /** HTTP/1.1 as browsers and connectors speak it to Herald; h2c upgrades were seen to hang on Grizzly. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    @Deployment(testable = false)
    static WebArchive herald() {
        return shippedWar();
    }

    /** A Herald running elsewhere (another node), to talk to as the tests talk to the one under test. */
    static DeployedHerald at(URI base) {
        DeployedHerald elsewhere = new DeployedHerald() {
        };
        try {
            elsewhere.base = base.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        return elsewhere;
    }

    static WebArchive shippedWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("herald.war")));
    }

    URI uri(String path) {
        return URI.create(base.toExternalForm().replaceAll("/$", "") + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the first Prometheus series of {@code /metrics} whose line starts with {@code prefix}. */
    double metric(String prefix) {
        HttpResponse<String> metrics = send(request("/metrics").GET().build());
        if (metrics.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + metrics.statusCode() + ": " + metrics.body());
        }
        return PrometheusText.value(metrics.body(), prefix).orElseThrow(() -> new AssertionError(prefix + " is not exported"));
    }

    /** A health endpoint: on the HTTP port on Payara, on the management port on WildFly ({@code herald.it.health-url}). */
    URI health(String group) {
        return URI.create(System.getProperty("herald.it.health-url", uri("/health").toString()) + group);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String basicProducer() {
        return basic(TestServer.BASIC_USER, TestServer.BASIC_PASSWORD);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    static JsonObject object(String text) {
        return json(text).asJsonObject();
    }
}
