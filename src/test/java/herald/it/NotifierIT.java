package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Notifier door of SPEC §4: replay since a timestamp then live, the connector API, heartbeats and limits. */
class NotifierIT extends DeployedHerald {

    @Test
    void theOriginalScenarioDeliversExactlyTheEventsAtOrAfterEachTimestamp() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        SocketClient client1 = subscribe(connector.as("client1"), "client1", 1000);
        SocketClient client2 = subscribe(connector.as("client2"), "client2", 1000);
        assertEquals("true", push(connector, """
                [{"accessid":"client1","created_at":1000,"payload":"client1 at 1000"},
                 {"accessid":"client2","created_at":3000,"payload":{"n":3000}},
                 {"accessid":"client1","created_at":4000,"payload":"client1 at 4000"},
                 {"accessid":"client1","created_at":500,"payload":"too old"}]""").body());
        assertEquals(json("""
                [{"accessid":"client1","created_at":1000,"payload":"client1 at 1000"},
                 {"accessid":"client1","created_at":4000,"payload":"client1 at 4000"}]"""), json(client1.next()));
        assertEquals(json("[{\"accessid\":\"client2\",\"created_at\":3000,\"payload\":{\"n\":3000}}]"), json(client2.next()));
        assertNull(client1.frames.poll(500, TimeUnit.MILLISECONDS), "one frame per push");
    }

    @Test
    void eventsPushedWhileOfflineAreReplayedInOrderThenLiveOnesFollow() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        for (int i = 1; i <= 3; i++) {
            push(connector, "[{\"accessid\":\"alice\",\"created_at\":" + (i * 10) + ",\"payload\":" + i + "}]");
        }
        push(connector, "[{\"accessid\":\"alice\",\"created_at\":5,\"payload\":null}]");
        SocketClient alice = subscribe(connector.as("alice"), "alice", 10);
        assertEquals(List.of("1", "2", "3"), payloads(alice, 3), "stored events since 10, in log order");
        push(connector, "[{\"accessid\":\"alice\",\"created_at\":40,\"payload\":4}]");
        assertEquals(List.of("4"), payloads(alice, 1));

        SocketClient everything = subscribe(connector.as("alice"), "alice", 0);
        assertEquals(List.of("1", "2", "3", "null", "4"), payloads(everything, 5));
    }

    @Test
    void replayJoinsLiveWithoutGapOrDuplicateWhilePushesRace() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        for (int i = 0; i < 200; i++) {
            push(connector, "[{\"accessid\":\"bob\",\"created_at\":" + i + ",\"payload\":" + i + "}]");
        }
        CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
            for (int i = 200; i < 400; i++) {
                assertEquals(200, push(connector, "[{\"accessid\":\"bob\",\"created_at\":" + i + ",\"payload\":" + i + "}]").statusCode());
            }
        });
        SocketClient bob = subscribe(connector.as("bob"), "bob", 0);
        List<String> received = payloads(bob, 400);
        racing.join();
        assertEquals(IntStream.range(0, 400).mapToObj(String::valueOf).toList(), received);
        assertNull(bob.frames.poll(300, TimeUnit.MILLISECONDS), "nothing twice");
    }

    @Test
    void aBatchWithOneBadElementIsRefusedWholeAndStoresNothing() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        SocketClient carol = subscribe(connector.as("carol"), "carol", 0);
        String[][] bad = {
                {"[{\"accessid\":\"carol\",\"created_at\":1,\"payload\":1},{\"accessid\":\"dave\",\"created_at\":\"2\",\"payload\":2}]", "event[1]: "},
                {"[{\"accessid\":\"carol\",\"created_at\":1,\"payload\":1},{\"created_at\":2,\"payload\":2}]", "event[1]: "},
                {"[{\"accessid\":\"carol\",\"created_at\":1}]", "event[0]: payload"},
                {"[{\"accessid\":\"carol\",\"created_at\":1.5,\"payload\":1}]", "event[0]: created_at"},
                {"[{\"accessid\":\"$x\",\"created_at\":1,\"payload\":1}]", "event[0]: accessid"},
                {"[7]", "event[0]: "},
                {"{\"accessid\":\"carol\"}", "array"},
                {"[{", "JSON"},
        };
        for (String[] batch : bad) {
            HttpResponse<String> refused = push(connector, batch[0]);
            CourierRestIT.assertEnvelope(refused, 400, "EEVENTS_INVALID");
            assertTrue(object(refused.body()).getString("error").contains(batch[1]), refused.body());
        }
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"accessid\":\"carol\",\"created_at\":1,\"payload\":1}");
        }
        CourierRestIT.assertEnvelope(push(connector, tooMany.append(']').toString()), 400, "EEVENTS_INVALID");
        String huge = "[{\"accessid\":\"carol\",\"created_at\":1,\"payload\":\"" + "z".repeat(4 * 1024 * 1024) + "\"}]";
        CourierRestIT.assertEnvelope(push(connector, huge), 413, "EBODY_TOO_LARGE");

        assertNull(carol.frames.poll(500, TimeUnit.MILLISECONDS), "nothing delivered");
        assertEquals(0, storedEvents(connector.audience, "users/carol") + storedEvents(connector.audience, "users/dave"));
        assertEquals("true", push(connector, "[{\"accessid\":\"carol\",\"created_at\":1,\"payload\":\"ok\"}]").body());
        assertEquals(List.of("\"ok\""), payloads(carol, 1));
    }

    @Test
    void connectorRoutesNeedTheConnectorRole() {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        CourierClient user = connector.as("alice");
        CourierRestIT.assertEnvelope(push(user, "[]"), 403, "ESTATUS_FORBIDDEN");
        CourierRestIT.assertEnvelope(user.post("/drop_user", "{\"drop_access_id\":\"bob\"}"), 403, "ESTATUS_FORBIDDEN");
        CourierRestIT.assertEnvelope(send(request("/push_events").POST(HttpRequest.BodyPublishers.ofString("[]")).build()),
                401, "ETOKEN_INVALID");
        CourierRestIT.assertEnvelope(send(request("/drop_user").header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 401, "ETOKEN_INVALID");
        HttpResponse<String> admin = push(connector.as("root", "admin"), "[]");
        assertEquals(200, admin.statusCode());
        assertEquals("true", admin.body());
        assertTrue(admin.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    }

    @Test
    void announcementsAreCheckedAgainstTheTicket() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        SocketClient impostor = connect(connector.as("mallory"));
        impostor.send("{\"access_id\":\"alice\",\"timestamp\":0}");
        assertEquals(1008, impostor.awaitClose());
        assertEquals("access_id does not match token", impostor.closeReason);

        SocketClient confused = connect(connector.as("alice"));
        confused.send("{\"access\":\"alice\"}");
        assertEquals("Wrong JSON announcement", confused.next());
        assertEquals(1008, confused.awaitClose());

        SocketClient silent = connect(connector.as("alice"));
        assertEquals(1008, silent.awaitClose(), "no announcement in time");
        assertEquals("announcement timeout", silent.closeReason);

        SocketClient trusted = connect(connector);
        trusted.send("{\"access_id\":\"alice\",\"timestamp\":0}");
        trusted.send("this later frame is ignored");
        push(connector, "[{\"accessid\":\"alice\",\"created_at\":1,\"payload\":\"for alice\"}]");
        assertEquals(List.of("\"for alice\""), payloads(trusted, 1), "connectors may watch any user");

        assertEquals(401, SocketClient.refusedStatus(http, notifierUri("used-or-bogus"), null));
    }

    @Test
    void droppingAUserClosesItsConnectionsOfBothDoors() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        CourierClient erin = connector.as("erin");
        SocketClient notifier = subscribe(erin, "erin", 0);
        SocketClient courier = erin.connect();
        SocketClient bystander = subscribe(connector.as("frank"), "frank", 0);
        HttpResponse<String> dropped = connector.post("/drop_user", "{\"drop_access_id\":\"erin\"}");
        assertEquals(200, dropped.statusCode());
        assertEquals("true", dropped.body());
        assertEquals(1000, notifier.awaitClose());
        assertEquals("close", notifier.closeReason);
        assertEquals(1000, courier.awaitClose());
        assertTrue(!bystander.closeCode.isDone(), "other users stay connected");
        CourierRestIT.assertEnvelope(connector.post("/drop_user", "{\"user\":\"erin\"}"), 400, "EEVENTS_INVALID");
    }

    @Test
    void aDropAnnouncedByAnotherNodeClosesTheUsersConnectionsHere() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        SocketClient notifier = subscribe(connector.as("ivan"), "ivan", 0);
        SocketClient courier = connector.as("ivan").connect();
        SocketClient bystander = connector.as("judy").connect();
        try (Connection db = TestServer.database();
             PreparedStatement notify = db.prepareStatement("select pg_notify('herald_drop', ?)")) {
            notify.setString(1, "{\"node\":\"another-node\",\"audience\":\"" + connector.audience + "\",\"user\":\"ivan\"}");
            notify.executeQuery().close();
        }
        assertEquals(1000, notifier.awaitClose());
        assertEquals(1000, courier.awaitClose());
        assertTrue(!bystander.closeCode.isDone());
    }

    @Test
    void courierSubscribersOfTheUserTopicSeeNotificationsToo() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(this, "connector", "connector");
        SocketClient courier = connector.as("gina").connect();
        courier.send("{\"action\":\"subscribe\",\"topic\":\"users/gina\"}");
        CourierSocketIT.awaitSubscribed(connector, courier, "users/gina");
        push(connector, "[{\"accessid\":\"gina\",\"created_at\":7,\"payload\":{\"hello\":\"gina\"}}]");
        assertEquals("{\"hello\":\"gina\"}", courier.next());
    }

    @Test
    void aConnectionThatAnswersNoPingIsClosedAfterTwoIntervals() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        long started = System.nanoTime();
        // on /ws, which needs no announcement: the heartbeat is the same for both sockets
        try (RawWebSocket mute = new RawWebSocket(alice.socketUri(alice.ticket()))) {
            assertEquals(1001, mute.awaitCloseIgnoringPings());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds >= 2L * TestServer.HEARTBEAT_SECONDS - 1, "closed after " + seconds + " s");

        SocketClient answering = subscribe(alice, "alice", 0); // the JDK client answers pings itself
        assertNull(answering.closeCode.completeOnTimeout(null, 3L * TestServer.HEARTBEAT_SECONDS, TimeUnit.SECONDS).get(),
                "a client that answers pings stays connected");
    }

    @Test
    void connectionsBeyondThePerUserLimitAreTooBusy() throws Exception {
        CourierClient henry = CourierClient.inNewAudience(this, "henry");
        List<SocketClient> open = new ArrayList<>();
        for (int i = 0; i < TestServer.MAX_CONNECTIONS_PER_USER; i++) {
            open.add(henry.connect());
        }
        SocketClient oneTooMany = SocketClient.connect(http, henry.socketUri(henry.ticket()));
        assertEquals(1013, oneTooMany.awaitClose());
        assertEquals("too busy", oneTooMany.closeReason);
        open.get(0).close();
        assertEquals(1000, open.get(0).awaitClose());
        henry.connect(); // a slot is free again
    }

    private SocketClient connect(CourierClient user) {
        return SocketClient.connect(http, notifierUri(user.ticket()));
    }

    private SocketClient subscribe(CourierClient user, String accessId, long timestamp) throws Exception {
        SocketClient socket = connect(user);
        socket.send("{\"access_id\":\"" + accessId + "\",\"timestamp\":" + timestamp + "}");
        return socket;
    }

    private URI notifierUri(String ticket) {
        return URI.create(uri("/subscribe_to_events?token=" + ticket).toString().replaceFirst("^http", "ws"));
    }

    private HttpResponse<String> push(CourierClient connector, String events) {
        return connector.post("/push_events", events);
    }

    /** Payloads of the next {@code count} events, however they were split into frames. */
    private static List<String> payloads(SocketClient socket, int count) throws InterruptedException {
        List<String> payloads = new ArrayList<>();
        while (payloads.size() < count) {
            JsonArray frame = json(socket.next()).asJsonArray();
            for (JsonValue event : frame) {
                payloads.add(((JsonObject) event).get("payload").toString());
            }
        }
        assertEquals(count, payloads.size());
        return payloads;
    }

    private static int storedEvents(String audience, String topic) throws Exception {
        try (Connection db = TestServer.database();
             PreparedStatement select = db.prepareStatement("""
                     select count(*) from event e join topic t on t.id = e.topic_id join audience a on a.id = t.audience_id
                      where a.name = ? and t.name = ?""")) {
            select.setString(1, audience);
            select.setString(2, topic);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
