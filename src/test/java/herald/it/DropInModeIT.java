package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code herald.notifier.open=true} (SPEC §4): the original Notifier's trust model, in its own deployment.
 * The switch is set before the WAR is deployed and cleared after, so no other test class sees it.
 */
@ExtendWith({DropInModeIT.OpenNotifier.class, ArquillianExtension.class})
@DisabledIfSystemProperty(named = "herald.it.server", matches = "payara-server|wildfly",
        disabledReason = "the switch is a system property of the test JVM, which only the embedded server shares")
class DropInModeIT {

    @Deployment(testable = false)
    static WebArchive herald() {
        return DeployedHerald.shippedWar();
    }

    @ArquillianResource
    URL base;

    // HTTP/1.1 and a timeout, as DeployedHerald's requests have: once, a POST of this fresh client hung 30 s
    // until the server dropped the connection (seen in one run of about ten; cause not found).
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DeployedHerald.TIMEOUT).build();

    @Test
    void connectorsAndSubscribersNeedNoCredentialsInTheBasicAudience() throws Exception {
        String user = "open-" + System.nanoTime();
        SocketClient socket = SocketClient.connect(http, URI.create(base.toString().replaceFirst("^http", "ws")
                + "subscribe_to_events"));
        socket.send("{\"access_id\":\"" + user + "\",\"timestamp\":0}");
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(base + "push_events"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "[{\"accessid\":\"" + user + "\",\"created_at\":5,\"payload\":\"no token needed\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pushed.statusCode(), pushed.body());
        assertEquals("[{\"accessid\":\"" + user + "\",\"created_at\":5,\"payload\":\"no token needed\"}]", socket.next());

        HttpResponse<String> badToken = http.send(HttpRequest.newBuilder(URI.create(base + "push_events"))
                .header("Authorization", "Bearer forged").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badToken.statusCode(), "a credential that is sent must still be valid");

        HttpResponse<String> dropped = http.send(HttpRequest.newBuilder(URI.create(base + "drop_user"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"drop_access_id\":\"" + user + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("true", dropped.body());
        assertEquals(1000, socket.awaitClose());
    }

    /** Turns drop-in mode on for this class's deployment only. */
    static final class OpenNotifier implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            System.setProperty("herald.notifier.open", "true");
        }

        @Override
        public void afterAll(ExtensionContext context) {
            System.clearProperty("herald.notifier.open");
        }
    }
}
