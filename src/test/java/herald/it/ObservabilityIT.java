package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.metrics.HeraldMetricsTest;
import herald.metrics.PrometheusText;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Health and the OpenAPI document, where the server serves them, and Herald's Prometheus metrics, which the WAR
 * serves under {@code /metrics} on every server (SPEC §8).
 */
class ObservabilityIT extends DeployedHerald {

    /** Every HTTP route of SPEC §3–5 and {@code /metrics}, with every status it can answer. */
    static final Map<String, Map<String, Set<String>>> ROUTES = Map.ofEntries(
            Map.entry("/v1/audience", Map.of("post", Set.of("200", "401", "500"))),
            Map.entry("/v1/topic", Map.of(
                    "post", Set.of("200", "400", "401", "412", "413", "422", "500"),
                    "get", Set.of("200", "400", "401", "500"))),
            Map.entry("/v1/consumers", Map.of("get", Set.of("200", "400", "401", "500"))),
            Map.entry("/v1/consumers/{name}", Map.of(
                    "get", Set.of("200", "400", "401", "404", "500"),
                    "delete", Set.of("204", "400", "401", "404", "500"))),
            Map.entry("/v1/hook", Map.of("post", Set.of("200", "400", "401", "403", "412", "413", "422", "500"))),
            Map.entry("/v1/sign", Map.of("get", Set.of("200", "400", "401", "500"))),
            Map.entry("/ws", Map.of("get", Set.of("101", "401", "403", "426"))),
            Map.entry("/subscribe_to_events", Map.of("get", Set.of("101", "401", "403", "426"))),
            Map.entry("/push_events", Map.of("post", Set.of("200", "400", "401", "403", "413", "500"))),
            Map.entry("/drop_user", Map.of("post", Set.of("200", "400", "401", "403", "413", "500"))),
            Map.entry("/api/v1/streams/{stream}/events", Map.of(
                    "post", Set.of("200", "400", "401", "413", "423", "500"),
                    "get", Set.of("200", "400", "401", "404", "500"))),
            Map.entry("/api/v1/streams/{stream}/events/{eventId}", Map.of("post", Set.of("200", "400", "401", "404", "413", "500"))),
            Map.entry("/metrics", Map.of("get", Set.of("200"))));

    @Test
    void healthReportsTheDatabaseAndTheBroker() {
        JsonObject database = checks("/ready").get("database");
        assertEquals("UP", database.getString("status"));
        assertEquals(database.getJsonObject("data").getString("expected"), database.getJsonObject("data").getString("schema"));
        assertEquals("UP", checks("/live").get("broker").getString("status"));
        // WildFly adds checks of its own (server state, deployments); Payara only Herald's.
        assertTrue(checks("").keySet().containsAll(Set.of("database", "broker")));
    }

    @Test
    void metricsAreTheSameSeriesOnEveryServer() {
        HttpResponse<String> metrics = get("/metrics");
        assertEquals("text/plain", metrics.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").contains("version=0.0.4"));
        assertEquals(HeraldMetricsTest.SERIES, PrometheusText.names(metrics.body(), "herald_"));
        Set<String> missingJvmSeries = new TreeSet<>(HeraldMetricsTest.JVM_SERIES);
        missingJvmSeries.removeAll(PrometheusText.names(metrics.body()));
        assertEquals(Set.of(), missingJvmSeries, "and the JVM's");
        assertTrue(metric("herald_append_queue_events") >= 0);
    }

    @Test
    void metricsCountWhatHappensWithoutPerTopicLabels() throws Exception {
        double appended = metric("herald_events_appended_total");
        double deliveries = metric("herald_deliveries_total");
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient subscriber = alice.connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"metered\"}");
        CourierSocketIT.awaitSubscribed(alice, subscriber, "metered");
        assertEquals(200, alice.hook("metered", "{\"n\":1}").statusCode());
        subscriber.next();
        assertTrue(metric("herald_events_appended_total") >= appended + 2, "the probe and the message");
        assertTrue(metric("herald_deliveries_total") >= deliveries + 2);
        assertTrue(metric("herald_connections{door=\"courier\"") >= 1);

        assertTrue(metric("herald_publish_commit_seconds_count") >= 1);
        assertTrue(metric("herald_subscriptions") >= 1);

        String text = get("/metrics").body();
        assertFalse(text.contains("metered"), "no label names a topic");
        assertFalse(text.contains(alice.audience), "no label names an audience");
    }

    @Test
    void theOpenApiDocumentListsEveryRouteWithEveryStatus() {
        HttpResponse<String> response = send(request("/openapi").header("Accept", "application/json").GET().build());
        assertEquals(200, response.statusCode());
        JsonObject paths = object(response.body()).getJsonObject("paths");
        assertEquals(new TreeSet<>(ROUTES.keySet()), new TreeSet<>(paths.keySet()));
        ROUTES.forEach((path, methods) -> {
            JsonObject route = paths.getJsonObject(path);
            methods.forEach((method, statuses) -> {
                assertTrue(route.containsKey(method), method + " " + path);
                assertEquals(new TreeSet<>(statuses), new TreeSet<>(route.getJsonObject(method).getJsonObject("responses").keySet()),
                        method + " " + path);
            });
        });
    }

    /**
     * The health checks under {@code /health} + {@code group}, by name, all UP. Served where the server serves
     * them: on the HTTP port on Payara, on the management port on WildFly ({@code herald.it.health-url}).
     */
    private Map<String, JsonObject> checks(String group) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(health(group)).timeout(TIMEOUT).GET().build());
        assertEquals(200, response.statusCode(), health(group) + ": " + response.body());
        assertEquals("UP", object(response.body()).getString("status"));
        return object(response.body()).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response;
    }

}
