package herald.failures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.eventserver.EventserverFormat;
import herald.log.boundary.AppendQueueFull;
import jakarta.enterprise.inject.Instance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a request gets when its door did not answer it itself, without a container: a full append queue is
 * 503 with {@code Retry-After} (issue 9's back-pressure), anything unexpected 500 with an incident id and no
 * detail, each in the error format of the door the path belongs to.
 */
class FailuresTest {

    @Test
    void aFullAppendQueueIs503WithRetryAfterInTheCourierEnvelope() {
        Response response = failuresAt("/v1/hook").toResponse(new AppendQueueFull(20_000));
        assertEquals(503, response.getStatus());
        assertEquals("1", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        JsonObject envelope = Json.createReader(new StringReader(response.getEntity().toString())).readObject();
        assertEquals("ESERVER_BUSY", envelope.getString("code"));
        assertEquals(503, envelope.getInt("status"));
    }

    @Test
    void aFullAppendQueueIs503WithRetryAfterInTheEventserverFormat() {
        Response response = failuresAt("/api/v1/streams/orders/events").toResponse(new AppendQueueFull(20_000));
        assertEquals(503, response.getStatus());
        assertEquals("1", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        assertTrue(response.getEntity().toString().startsWith("\""), "a JSON string, as the Eventserver answers");
    }

    @Test
    void anUnexpectedFailureIs500WithAnIncidentIdAndNothingOfTheCause() {
        Response response = failuresAt("/push_events").toResponse(new IllegalStateException("password=hunter2"));
        assertEquals(500, response.getStatus());
        JsonObject envelope = Json.createReader(new StringReader(response.getEntity().toString())).readObject();
        assertEquals("ESERVER_UNKNOWN", envelope.getString("code"));
        assertTrue(envelope.getString("error").matches("Internal Server Error - [0-9a-f-]{36}"), envelope.toString());
    }

    private static Failures failuresAt(String path) {
        Failures failures = new Failures();
        failures.uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getPath")) {
                        return path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        @SuppressWarnings("unchecked")
        Instance<FailureFormat> formats = (Instance<FailureFormat>) Proxy.newProxyInstance(Instance.class.getClassLoader(),
                new Class<?>[] {Instance.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("iterator")) {
                        return List.<FailureFormat>of(new EventserverFormat()).iterator();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        failures.formats = formats;
        return failures;
    }
}
