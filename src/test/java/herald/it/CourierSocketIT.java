package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The original {@code /ws} protocol (SPEC §3) and the upgrade gate (SPEC §2, §9), with the JDK's WebSocket client. */
class CourierSocketIT extends DeployedHerald {

    @Test
    void publishReachesEverySubscriberAsTheRawMessageSenderIncluded() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient publisher = alice.connect();
        SocketClient subscriber = alice.as("bob").connect();
        SocketClient bystander = alice.as("carol").connect();
        // Courier has no subscribe reply, and frames of different connections race each other: a client knows
        // its subscription is live once something published after it arrives (subscribe starts after the head)
        publisher.send("{\"action\":\"subscribe\",\"topic\":\"system/events\"}");
        awaitSubscribed(alice, publisher, "system/events");
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"system/events\"}");
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"system/events\"}"); // idempotent
        awaitSubscribed(alice, subscriber, "system/events", publisher);
        bystander.send("{\"action\":\"subscribe\",\"topic\":\"other\"}");
        awaitSubscribed(alice, bystander, "other");
        publisher.send("{\"action\":\"publish\",\"topic\":\"system/events\",\"message\":{\"type\":\"database\",\"n\":1}}");
        assertEquals("{\"type\":\"database\",\"n\":1}", subscriber.next());
        assertEquals("{\"type\":\"database\",\"n\":1}", publisher.next());

        subscriber.send("{\"action\":\"unsubscribe\",\"topic\":\"system/events\"}");
        // frames of one connection are handled in order: this publish comes after the unsubscribe
        subscriber.send("{\"action\":\"publish\",\"topic\":\"system/events\",\"message\":{\"n\":2}}");
        assertEquals("{\"n\":2}", publisher.next());
        bystander.send("{\"action\":\"publish\",\"topic\":\"other\",\"message\":{\"n\":3}}");
        assertEquals("{\"n\":3}", bystander.next());
        assertNull(subscriber.frames.poll(), "unsubscribed, and never subscribed to other");
        assertNull(bystander.frames.poll());
    }

    @Test
    void broadcastReachesEachConnectionOfTheAudienceExactlyOnce() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient first = alice.connect();
        SocketClient second = alice.as("bob").connect();
        second.send("{\"action\":\"subscribe\",\"topic\":\"a\"}");
        second.send("{\"action\":\"subscribe\",\"topic\":\"b\"}");
        awaitSubscribed(alice, second, "b"); // the server has admitted it: a broadcast is for connections it knows
        SocketClient stranger = CourierClient.inNewAudience(this, "eve").connect();
        first.send("{\"action\":\"broadcast\",\"message\":{\"hello\":\"all\"}}");
        assertEquals("{\"hello\":\"all\"}", first.next());
        assertEquals("{\"hello\":\"all\"}", second.next());
        assertEquals(200, alice.post("/v1/hook", "{\"action\":\"broadcast\",\"message\":{\"n\":2}}").statusCode());
        assertEquals("{\"n\":2}", first.next());
        assertEquals("{\"n\":2}", second.next(), "once per connection, not once per subscription");
        assertNull(second.frames.poll());
        assertNull(stranger.frames.poll(), "other audiences hear nothing");
    }

    @Test
    void hookPublishesReachSocketSubscribersOfTheAudienceOnly() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient eve = CourierClient.inNewAudience(this, "eve");
        SocketClient subscriber = alice.connect();
        SocketClient stranger = eve.connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"orders\"}");
        stranger.send("{\"action\":\"subscribe\",\"topic\":\"orders\"}");
        awaitSubscribed(alice, subscriber, "orders");
        awaitSubscribed(eve, stranger, "orders"); // a subscribe takes effect when the server has read it
        assertEquals(200, alice.hook("orders", "{\"id\":1}").statusCode());
        assertEquals("{\"id\":1}", subscriber.next());
        assertEquals(200, eve.hook("orders", "{\"id\":2}").statusCode());
        assertEquals("{\"id\":2}", stranger.next());
        assertNull(subscriber.frames.poll(2, TimeUnit.SECONDS), "audiences are isolated");
    }

    @Test
    void rapidPublishesArriveInOrder() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient subscriber = alice.connect();
        SocketClient publisher = alice.as("bob").connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"ticks\"}");
        awaitSubscribed(alice, subscriber, "ticks");
        for (int i = 0; i < 500; i++) {
            publisher.send("{\"action\":\"publish\",\"topic\":\"ticks\",\"message\":{\"i\":" + i + "}}");
        }
        for (int i = 0; i < 500; i++) {
            assertEquals("{\"i\":" + i + "}", subscriber.next());
        }
    }

    @Test
    void privateUserTopicsAreForTheirUserConnectorsAndAdmins() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient connector = alice.as("connector", "connector");
        SocketClient admin = alice.as("root", "admin").connect();
        admin.send("{\"action\":\"subscribe\",\"topic\":\"users/alice\"}");
        awaitSubscribed(connector, admin, "users/alice");
        SocketClient own = alice.connect();
        own.send("{\"action\":\"subscribe\",\"topic\":\"users/alice\"}");
        awaitSubscribed(connector, own, "users/alice", admin);
        assertEquals(200, connector.hook("users/alice", "{\"note\":1}").statusCode());
        assertEquals("{\"note\":1}", own.next());
        assertEquals("{\"note\":1}", admin.next());

        SocketClient snoop = alice.as("bob").connect();
        snoop.send("{\"action\":\"subscribe\",\"topic\":\"users/alice\"}");
        assertEquals(1008, snoop.awaitClose());
        SocketClient forger = alice.connect();
        forger.send("{\"action\":\"publish\",\"topic\":\"users/alice\",\"message\":{}}");
        assertEquals(1008, forger.awaitClose(), "users may not write even their own private topic");
    }

    @Test
    void badFramesCloseWithTheDocumentedCodes() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        assertClosed(alice, "{not json", 1007, null);
        assertClosed(alice, "[1,2]", 1007, null);
        assertClosed(alice, "{\"action\":\"dance\"}", 1008, "Unknown action dance");
        assertClosed(alice, "{\"action\":\"subscribe\"}", 1008, "Topic name is missing");
        assertClosed(alice, "{\"action\":\"subscribe\",\"topic\":\"$broadcast\"}", 1008, "Topic name is invalid");
        assertClosed(alice, "{\"action\":\"publish\",\"topic\":\"a\",\"message\":\"text\"}", 1008, "Message must be an object");
        assertClosed(alice, "{\"action\":\"publish\",\"topic\":\"a\",\"message\":{\"b\":\"" + "x".repeat(70_000) + "\"}}", 1009, null);
        assertEquals("[]", alice.get("/v1/topic").body(), "no refused frame wrote anything");
    }

    @Test
    void upgradesAreRefusedWithTheRightStatus() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        String ticket = alice.ticket();
        SocketClient.connect(http, alice.socketUri(ticket)).close();
        assertEquals(401, SocketClient.refusedStatus(http, alice.socketUri(ticket), null), "a ticket is single use");
        assertEquals(401, SocketClient.refusedStatus(http, alice.socketUri(alice.ticket() + "x"), null), "tampered");
        assertEquals(401, SocketClient.refusedStatus(http, alice.socketUri("garbage"), null));
        assertEquals(401, SocketClient.refusedStatus(http, URI.create(alice.socketUri("x").toString().replace("?token=x", "")), null));
        assertEquals(401, SocketClient.refusedStatus(http, alice.socketUri(expiredTicket(alice.audience)), null), "expired");
        assertEquals(403, SocketClient.refusedStatus(http, alice.socketUri(alice.ticket()), "http://evil.example.com"));
        String sameOrigin = "http://" + base.getHost() + ":" + base.getPort();
        SocketClient.connect(http, alice.socketUri(alice.ticket()), true, sameOrigin).close();

        var plainGet = send(request("/ws?token=" + alice.ticket()).GET().build());
        assertEquals(426, plainGet.statusCode());
        assertEquals("EUPGRADE_REQUIRED", object(plainGet.body()).getString("code"));
    }

    @Test
    void nonBrowserClientsMayPresentTheirJwtOnTheUpgrade() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient socket = SocketClient.connectWithHeader(http,
                URI.create(uri("/ws").toString().replaceFirst("^http", "ws")), "Authorization", "Bearer " + alice.token);
        String id = socket.next();
        assertEquals(id, UUID.fromString(id).toString());
    }

    @Test
    void aSlowConsumerIsClosedWhileAFastOneKeepsReceiving() throws Exception {
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        SocketClient fast = alice.connect();
        SocketClient slow = SocketClient.connect(http, alice.socketUri(alice.ticket()), false, null);
        fast.send("{\"action\":\"subscribe\",\"topic\":\"firehose\"}");
        slow.send("{\"action\":\"subscribe\",\"topic\":\"firehose\"}");
        awaitSubscribed(alice, fast, "firehose");
        double closedBefore = metric("herald_slow_consumer_closes_total");
        String blob = "y".repeat(60_000);
        // Until the server counts the slow one's overflow (its 1 MiB queue, behind full socket buffers).
        for (int i = 0; metric("herald_slow_consumer_closes_total") == closedBefore; i++) {
            assertTrue(i < 500, "the slow consumer was never closed");
            assertEquals(200, alice.hook("firehose", "{\"i\":" + i + ",\"blob\":\"" + blob + "\"}").statusCode());
            assertTrue(fast.next().startsWith("{\"i\":" + i + ","), "fast consumer in step at " + i);
        }
        slow.readAll();
        // Herald closes once the frame on the wire is complete, but the container may still drop output it
        // had buffered for a peer that stopped reading: the client then sees the connection end (1006)
        // rather than the close frame. Either way it ends, and the server counted it as a slow consumer.
        int code = slow.awaitEnd();
        assertTrue(code == 1008 || code == 1006, "ended with " + code);
        if (code == 1008) {
            assertEquals("slow consumer", slow.closeReason);
        }
        assertEquals(200, alice.hook("firehose", "{\"after\":true}").statusCode());
        assertEquals("{\"after\":true}", fast.next(), "the fast consumer is unaffected");
    }

    /**
     * Returns once {@code socket} certainly receives what is published to {@code topic}: publishes probes until
     * one arrives, then a fence, and drops every frame up to the fence (probes that raced the subscription).
     * {@code others} already subscribed receive the probes too and are drained up to the same fence.
     */
    static void awaitSubscribed(CourierClient client, SocketClient socket, String topic, SocketClient... others)
            throws Exception {
        String fence = "{\"fence\":\"" + UUID.randomUUID() + "\"}";
        for (int attempt = 0; socket.frames.poll(attempt == 0 ? 0 : 200, TimeUnit.MILLISECONDS) == null; attempt++) {
            assertTrue(attempt < 100, "subscription to " + topic + " never took effect");
            assertEquals(200, client.hook(topic, "{\"probe\":" + attempt + "}").statusCode());
        }
        assertEquals(200, client.hook(topic, fence).statusCode());
        for (SocketClient subscriber : concat(socket, others)) {
            while (!subscriber.next().equals(fence)) {
                // a probe
            }
        }
    }

    private static List<SocketClient> concat(SocketClient socket, SocketClient... others) {
        List<SocketClient> all = new ArrayList<>(List.of(others));
        all.add(0, socket);
        return all;
    }

    private void assertClosed(CourierClient client, String frame, int code, String reason) throws Exception {
        SocketClient socket = client.connect();
        socket.send(frame);
        assertEquals(code, socket.awaitClose(), frame);
        if (reason != null) {
            assertEquals(reason, socket.closeReason);
        }
    }

    /** A correctly signed ticket that expired a minute ago, made with the key Herald keeps in its database. */
    private static String expiredTicket(String audience) throws Exception {
        byte[] key;
        try (Connection db = TestServer.database(); Statement select = db.createStatement();
             ResultSet row = select.executeQuery("select value from herald_secret where name = 'ticket-key'")) {
            row.next();
            key = row.getBytes(1);
        }
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"aud\":\"" + audience + "\",\"sub\":\"alice\","
                + "\"groups\":[],\"exp\":" + (Instant.now().getEpochSecond() - 60) + "}";
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String payload = encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return payload + "." + encoder.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }
}
