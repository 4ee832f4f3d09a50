package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Courier REST API of SPEC §3: bodies, statuses and the error envelope. */
class CourierRestIT extends DeployedHerald {

    @Test
    void audienceCreationIsIdempotent() {
        CourierClient client = new CourierClient(this, unique("aud"), "alice");
        HttpResponse<String> first = client.post("/v1/audience", "");
        assertEquals(200, first.statusCode(), first.body());
        JsonObject audience = object(first.body());
        assertEquals(client.audience, audience.getString("name"));
        String id = audience.getString("id");
        assertEquals(id, UUID.fromString(id).toString(), "ids are UUID strings (SPEC section 3)");
        OffsetDateTime.parse(audience.getString("created_at"));
        assertEquals(audience, object(client.post("/v1/audience", "").body()), "second call returns it unchanged");
    }

    @Test
    void everyCourierRouteTakesABearerTokenAndNothingElse() { // SPEC §2 and §3, issue 11
        String basic = basicProducer(); // valid credentials of the Eventserver door
        for (String authorization : new String[]{null, basic}) {
            for (String[] route : new String[][]{{"POST", "/v1/audience"}, {"GET", "/v1/topic"}, {"POST", "/v1/topic"},
                    {"POST", "/v1/hook"}, {"GET", "/v1/sign"}, {"GET", "/v1/consumers"}, {"GET", "/v1/consumers/w"},
                    {"DELETE", "/v1/consumers/w"}}) {
                HttpRequest.Builder request = request(route[1]).header("Content-Type", "application/json");
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                request.method(route[0], !route[0].equals("POST") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"topic\":\"a\",\"action\":\"publish\",\"message\":{}}"));
                HttpResponse<String> response = send(request.build());
                assertEnvelope(response, 401, "ETOKEN_INVALID");
            }
        }
        String stream = unique("s");
        assertEquals(200, new StreamClient(this, basic).produce(stream, "p", StreamClient.event("A", "{}")).statusCode(),
                "the same credentials still open the Eventserver door");
    }

    @Test
    void routesAnswerAudienceNotFoundUntilTheAudienceExists() {
        CourierClient client = new CourierClient(this, unique("aud"), "alice");
        for (HttpResponse<String> response : new HttpResponse[]{client.get("/v1/topic"), client.get("/v1/sign"),
                client.post("/v1/topic", "{\"topic\":\"a\"}"), client.hook("a", "{}"), client.get("/v1/consumers"),
                client.get("/v1/consumers/w")}) {
            assertEnvelope(response, 400, "EAUD_NOTFOUND");
        }
    }

    @Test
    void topicsAreCreatedIdempotentlyAndListedByName() {
        CourierClient client = CourierClient.inNewAudience(this, "alice");
        JsonObject created = object(client.post("/v1/topic", "{\"topic\":\"system/events\"}").body());
        assertEquals("system/events", created.getString("topic"));
        assertEquals(client.audience, created.getString("audience"));
        assertEquals(created, object(client.post("/v1/topic", "{\"topic\":\"system/events\"}").body()));
        client.post("/v1/topic", "{\"topic\":\"alpha\"}");
        client.post("/v1/topic", "{\"topic\":\"zeta\"}");
        JsonArray topics = json(client.get("/v1/topic").body()).asJsonArray();
        assertEquals(3, topics.size());
        assertEquals("alpha", topics.getJsonObject(0).getString("topic"));
        assertEquals("system/events", topics.getJsonObject(1).getString("topic"));
        assertEquals("zeta", topics.getJsonObject(2).getString("topic"));
        assertEquals(created.getString("audienceId"), topics.getJsonObject(2).getString("audienceId"));
        for (String id : List.of(created.getString("id"), created.getString("audienceId"))) {
            assertEquals(id, UUID.fromString(id).toString(), "ids are UUID strings (SPEC section 3)");
        }
        assertEquals("[]", CourierClient.inNewAudience(this, "bob").get("/v1/topic").body(), "other audiences see none");
    }

    @Test
    void badTopicRequestsGetTheDocumentedErrors() {
        CourierClient client = CourierClient.inNewAudience(this, "alice");
        assertEnvelopeMessage(client.post("/v1/topic", "{\"topic\":\"\"}"), 422, "ETOPICS_INVALID", "Topic name is missing");
        assertEnvelopeMessage(client.post("/v1/topic", "{\"topic\":null}"), 422, "ETOPICS_INVALID", "Topic name is missing");
        assertEnvelopeMessage(client.post("/v1/topic", "{}"), 422, "ETOPICS_INVALID", "Topic name is missing");
        for (String bad : new String[]{"\"$broadcast\"", "\"with space\"", "\"" + "x".repeat(256) + "\"", "7"}) {
            assertEnvelopeMessage(client.post("/v1/topic", "{\"topic\":" + bad + "}"), 422, "ETOPICS_INVALID",
                    "Topic name is invalid");
        }
        assertEnvelope(client.post("/v1/topic", "{\"topic\":"), 412, "ETOPICS_INVALID");
        assertEnvelope(send(request("/v1/topic").header("Authorization", "Bearer " + client.token)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"a\"}")).build()),
                412, "ETOPICS_INVALID");
        assertEnvelope(client.post("/v1/topic", "{\"topic\":\"" + "x".repeat(70_000) + "\"}"), 413, "EBODY_TOO_LARGE");
        assertEquals("[]", client.get("/v1/topic").body(), "nothing was created");
    }

    @Test
    void hookReturnsItsBodyAndRefusesBadOnes() {
        CourierClient client = CourierClient.inNewAudience(this, "alice");
        String hook = "{\"topic\":\"system/events\",\"action\":\"publish\",\"message\":{\"type\":\"database\"}}";
        HttpResponse<String> published = client.post("/v1/hook", hook);
        assertEquals(200, published.statusCode(), published.body());
        assertEquals(object(hook), object(published.body()));
        assertEquals(200, client.post("/v1/hook", "{\"action\":\"broadcast\",\"message\":{}}").statusCode());

        assertEnvelopeMessage(client.post("/v1/hook", "{\"topic\":\"a\",\"message\":{}}"), 422, "EHOOK_INVALID",
                "Action name is missing");
        assertEnvelopeMessage(client.post("/v1/hook", "{\"action\":\"publish\",\"message\":{}}"), 422, "EHOOK_INVALID",
                "Topic name is missing");
        assertEnvelopeMessage(client.post("/v1/hook", "{\"topic\":\"$x\",\"action\":\"publish\",\"message\":{}}"), 422,
                "EHOOK_INVALID", "Topic name is invalid");
        assertEnvelope(client.post("/v1/hook", "{\"topic\":\"a\",\"action\":\"publish\",\"message\":[1]}"), 422, "EHOOK_INVALID");
        assertEnvelope(client.post("/v1/hook", "{\"topic\":\"a\",\"action\":\"shout\",\"message\":{}}"), 422, "EHOOK_INVALID");
        assertEnvelope(client.post("/v1/hook", "not json"), 412, "EHOOK_INVALID");
        assertEnvelope(client.hook("users/bob", "{}"), 403, "ESTATUS_FORBIDDEN");
        assertEquals(200, client.as("connector", "connector").hook("users/bob", "{}").statusCode());
    }

    @Test
    void signGivesATicketAndTheSocketUrlTheClientUsed() {
        CourierClient client = CourierClient.inNewAudience(this, "alice");
        JsonObject signed = object(client.get("/v1/sign").body());
        String key = signed.getString("key");
        assertTrue(key.length() > 20);
        assertEquals("ws://" + base.getHost() + ":" + base.getPort() + "/ws?token=" + key, signed.getString("url"));

        JsonObject proxied = object(send(request("/v1/sign").header("Authorization", "Bearer " + client.token)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "events.example.com").GET().build()).body());
        assertEquals("wss://events.example.com/ws?token=" + proxied.getString("key"), proxied.getString("url"));
    }

    @Test
    void missingOrInvalidTokensGet401InTheEnvelope() {
        assertEnvelope(send(request("/v1/topic").GET().build()), 401, "ETOKEN_INVALID");
        assertEnvelope(send(request("/v1/audience").header("Authorization", "Bearer x.y.z")
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 401, "ETOKEN_INVALID");
    }

    static void assertEnvelope(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonObject envelope = object(response.body());
        assertEquals(code, envelope.getString("code"));
        assertEquals(status, envelope.getInt("status"));
        assertTrue(!envelope.getString("error").isBlank());
    }

    static void assertEnvelopeMessage(HttpResponse<String> response, int status, String code, String message) {
        assertEnvelope(response, status, code);
        assertEquals(message, object(response.body()).getString("error"));
    }
}
