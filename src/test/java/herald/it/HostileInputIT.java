package herald.it;

import static herald.it.StreamClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: input built to break a parser or the database gets each door's documented 4xx (Courier: 412, as
 * for any body it cannot read; Notifier: 400; Eventserver: its own 400) or close code,
 * naming what to fix, and changes nothing: the same caller's next ordinary request works as before.
 * Before, each of these answered 500 or left a socket silently unresponsive.
 */
class HostileInputIT extends DeployedHerald {

    private static final String DEEP = "[".repeat(5_000) + "]".repeat(5_000);
    private static final String LONG_NUMBER = "1" + "0".repeat(3_000);

    @Test
    void courierRoutesRefuseDeepNestingLongNumbersAndUnstorableStrings() {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierRestIT.assertEnvelopeMessage(alice.post("/v1/hook", "{\"topic\":\"t\",\"action\":\"publish\",\"message\":{\"a\":"
                + DEEP + "}}"), 412, "EHOOK_INVALID", "message.a" + "[]".repeat(62) + " nested deeper than 64 levels");
        CourierRestIT.assertEnvelopeMessage(alice.post("/v1/hook", "{\"topic\":\"t\",\"action\":\"publish\",\"message\":{\"n\":"
                + LONG_NUMBER + "}}"), 412, "EHOOK_INVALID", "message.n holds a number longer than 64 characters");
        CourierRestIT.assertEnvelopeMessage(alice.post("/v1/hook", "{\"topic\":\"t\",\"action\":\"publish\",\"message\":"
                + "{\"note\":\"\\ud800\"}}"), 412, "EHOOK_INVALID", "message.note contains half a surrogate pair");
        CourierRestIT.assertEnvelopeMessage(alice.post("/v1/topic", "{\"topic\":\"a\\u0000b\"}"), 412, "ETOPICS_INVALID",
                "topic contains U+0000");

        assertEquals(200, alice.hook("t", "{\"n\":1}").statusCode(), "the door still serves the caller");
        assertEquals(List.of("t"), topicNames(alice), "nothing of the refused requests was created");
    }

    @Test
    void pushEventsRefusesWhatItCannotStoreAndStoresNothingOfTheCall() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        CourierRestIT.assertEnvelopeMessage(connector.post("/push_events", "[{\"accessid\":\"alice\",\"created_at\":0."
                + "0".repeat(5_000) + "1,\"payload\":1}]"), 400, "EEVENTS_INVALID",
                "[].created_at holds a number longer than 64 characters");
        CourierRestIT.assertEnvelopeMessage(connector.post("/push_events", "[{\"accessid\":\"alice\",\"created_at\":1,"
                + "\"payload\":" + DEEP + "}]"), 400, "EEVENTS_INVALID",
                "[].payload" + "[]".repeat(62) + " nested deeper than 64 levels");
        CourierRestIT.assertEnvelopeMessage(connector.post("/push_events", "[{\"accessid\":\"al\\u0000ice\",\"created_at\":1,"
                + "\"payload\":1}]"), 400, "EEVENTS_INVALID", "[].accessid contains U+0000");
        assertEquals(List.of(), topicNames(connector), "no user topic was written");
    }

    @Test
    void eventserverRefusesWithItsOwnBadRequestAndTheStreamStaysUsable() {
        StreamClient producer = new StreamClient(this, basicProducer());
        String stream = unique("hostile");
        assertBadRequest(producer.produce(stream, "p", event("A\\u0000B", "{}")), "event.name contains U+0000");
        assertBadRequest(producer.produce(stream, "p", "{\"event\":{\"name\":\"A\",\"version\":" + LONG_NUMBER + "},\"payload\":{}}"),
                "event.version holds a number longer than 64 characters");
        assertBadRequest(producer.produce(stream, "p", "{\"event\":{\"name\":\"A\"},\"payload\":" + DEEP + "}"),
                "payload" + "[]".repeat(63) + " nested deeper than 64 levels");
        assertEquals(200, producer.produce(stream, "p", event("A", "{}")).statusCode());
        assertBadRequest(producer.pull(stream, "c", "A%00B", 10), "eventName contains U+0000"); // found by FuzzIT
        assertEquals(1, json(producer.pull(stream, "c", "A", 10).body()).asJsonArray().size(), "the stream holds one event");
    }

    @Test
    void binaryFramesOnTheNotifierSocketAreAnsweredNotIgnored() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient first = SocketClient.connect(http, notifierUri(alice.ticket()));
        first.socket.sendBinary(ByteBuffer.allocate(0), true).join();
        assertEquals("Wrong JSON announcement", first.next(), "a binary first frame is a wrong announcement (SPEC §4)");
        assertEquals(1008, first.awaitClose());

        SocketClient fragmented = SocketClient.connect(http, notifierUri(alice.ticket()));
        fragmented.socket.sendBinary(ByteBuffer.wrap(new byte[45]), false).join();
        fragmented.socket.sendBinary(ByteBuffer.wrap(new byte[45]), true).join();
        assertEquals("Wrong JSON announcement", fragmented.next());
        assertEquals(1008, fragmented.awaitClose());

        SocketClient huge = SocketClient.connect(http, notifierUri(alice.ticket()));
        try {
            huge.socket.sendBinary(ByteBuffer.wrap(new byte[100 * 1024]), true).join();
        } catch (CompletionException closedWhileSending) {
            // WildFly closes as soon as the frame's header says how big it is, before the client has written it all
        }
        int code = huge.awaitEnd();
        assertTrue(code == 1009 || code == 1008 || code == 1006,
                "closed as too big or as a wrong announcement, or dropped mid-frame, not ignored: " + code);

        SocketClient announced = SocketClient.connect(http, notifierUri(alice.ticket()));
        announced.send("{\"access_id\":\"alice\",\"timestamp\":0}");
        announced.socket.sendBinary(ByteBuffer.wrap(new byte[45]), true).join();
        assertEquals(1003, announced.awaitClose(), "after the announcement: the protocol has no binary frames");
        assertEquals("binary frames are not accepted", announced.closeReason);
    }

    @Test
    void aDeeplyNestedSocketFrameClosesTheCourierSocketAsMalformed() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient socket = alice.connect();
        socket.send("{\"action\":\"publish\",\"topic\":\"t\",\"message\":{\"a\":" + DEEP + "}}");
        assertEquals(1007, socket.awaitClose());
        assertEquals("Malformed JSON frame", socket.closeReason);
        assertEquals(List.of(), topicNames(alice));
    }

    @Test
    void credentialsInAnyButTheirOneSpellingAre401NeverA500() {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        int dot = alice.token.indexOf('.');
        for (String token : List.of(alice.token.substring(0, dot) + " " + alice.token.substring(dot),
                alice.token.substring(0, dot) + "\t" + alice.token.substring(dot), "bnVsbA." + alice.token.substring(dot + 1))) {
            for (String path : List.of("/v1/sign", "/v1/topic")) {
                CourierRestIT.assertEnvelope(send(request(path).header("Authorization", "Bearer " + token).GET().build()),
                        401, "ETOKEN_INVALID");
            }
        }
        String ticket = alice.ticket();
        String padded = URI.create(uri("/ws?token=" + ticket + "%3D").toString().replaceFirst("^http", "ws")).toString();
        assertEquals(401, SocketClient.refusedStatus(http, URI.create(padded), null), "a padded spelling of a ticket");

        StreamClient nul = new StreamClient(this, basic(TestServer.BASIC_USER + "\u0000", TestServer.BASIC_PASSWORD));
        HttpResponse<String> refused = nul.produce(unique("nul"), "p", event("A", "{}"));
        assertEquals(401, refused.statusCode(), refused.body());
    }

    @Test
    void anUpgradeThatIsNoOpeningHandshakeGets400InTheEnvelope() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        String http10 = rawRequest("GET /ws?token=" + alice.ticket() + " HTTP/1.0\r\nHost: x\r\nUpgrade: WebSocket\r\n\r\n");
        assertTrue(http10.matches("(?s)HTTP/1\\.[01] 400.*") && http10.contains("\"code\":\"EUPGRADE_INVALID\""), http10);
        String noKey = rawRequest("GET /subscribe_to_events?token=" + alice.ticket() + " HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
        assertTrue(noKey.startsWith("HTTP/1.1 400") && noKey.contains("Sec-WebSocket-Key is missing"), noKey);
        String oldVersion = rawRequest("GET /ws?token=" + alice.ticket() + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
        assertTrue(oldVersion.startsWith("HTTP/1.1 426") && oldVersion.contains("Sec-WebSocket-Version: 13"), oldVersion);
    }

    /** Sends raw bytes to the server and reads what comes back until it closes or 2 s pass in silence. */
    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n = socket.getInputStream().read(chunk); n > 0; n = socket.getInputStream().read(chunk)) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException silence) {
                // a kept-alive connection: what came is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private URI notifierUri(String ticket) {
        return URI.create(uri("/subscribe_to_events?token=" + ticket).toString().replaceFirst("^http", "ws"));
    }

    private static void assertBadRequest(HttpResponse<String> response, String reason) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("\"Bad Request - " + reason + "\"", response.body());
    }

    private static List<String> topicNames(CourierClient user) {
        HttpResponse<String> topics = user.get("/v1/topic");
        assertEquals(200, topics.statusCode(), topics.body());
        return json(topics.body()).asJsonArray().stream().map(topic -> topic.asJsonObject().getString("topic")).toList();
    }
}
