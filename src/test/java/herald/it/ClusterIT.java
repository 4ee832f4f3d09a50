package herald.it;

import static herald.it.DurableConsumersIT.ack;
import static herald.it.DurableConsumersIT.assertRow;
import static herald.it.DurableConsumersIT.itemsUntil;
import static herald.it.DurableConsumersIT.publish;
import static herald.it.DurableConsumersIT.rows;
import static herald.it.DurableConsumersIT.seqs;
import static herald.it.DurableConsumersIT.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * [CL-RELAY] [CL-DROP] [CR-DURABLE] [LOG-GROUP] A cluster as an operator runs it (issue 13): three Herald
 * nodes (the shipped WAR on Payara Micro) on one PostgreSQL, behind nginx configured by
 * {@code server-config/nginx/herald.conf}. Clients talk only to the balancer, which hands their requests to
 * the nodes in turn; its access log shows which node served what, so every check also proves that it crossed
 * nodes. The nodes start once for the class; the test that kills one restarts it.
 *
 * <p>Run once, by {@code mvn verify}: the server profiles leave it out, since it tests no server but Micro.
 * The deployment on the tests' own server is unused here; it brings up the database the nodes share.
 */
class ClusterIT extends DeployedHerald {

    private static final int NODES = 3;
    private static final int PUBLISHERS = 12;
    private static final int ACKED_PER_PHASE = 300;

    private static List<MicroNode> nodes = List.of();
    private static Balancer balancer;

    @BeforeAll
    static void startCluster() throws Exception {
        Balancer.requireNginx();
        nodes = MicroNode.startAll(NODES);
        balancer = Balancer.start(nodes);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        nodes.parallelStream().forEach(MicroNode::close);
    }

    @Test
    void publishesSpreadOverTheNodesReachSubscribersOnEveryNodeInSeqOrder() throws Exception {
        CourierClient alice = user();
        List<String> topics = IntStream.range(0, 20).mapToObj(i -> unique("fresh")).toList();
        List<ResumingSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            subscribers.add(ResumingSubscriber.atHead(alice, topics));
        }
        int hooksBefore = balancer.served("/v1/hook").size();
        List<CompletableFuture<HttpResponse<String>>> publishes = new ArrayList<>();
        for (int n = 1; n <= 4; n++) { // the first events of brand-new topics, racing on every node
            for (String topic : topics) {
                publishes.add(alice.hookAsync(topic, "{\"n\":" + n + "}"));
            }
        }
        for (CompletableFuture<HttpResponse<String>> publish : publishes) {
            assertEquals(200, publish.get(30, TimeUnit.SECONDS).statusCode());
        }
        for (ResumingSubscriber subscriber : subscribers) {
            subscriber.catchUp(heads(topics, 4));
            for (String topic : topics) {
                assertEquals(List.of(1L, 2L, 3L, 4L), subscriber.seqs(topic), topic);
            }
            assertEquals(1, subscriber.connections.size(), "live all along");
        }
        assertOnePerNode(subscribers.stream().map(subscriber -> subscriber.connections.get(0)).toList());
        assertEquals(addresses(), balancer.served("/v1/hook", hooksBefore + publishes.size()).stream().skip(hooksBefore)
                .map(Balancer.Served::node)
                .collect(Collectors.toSet()), "every node took publishes");
    }

    @Test
    void everyNodeResumesASubscriberWithSinceAndStartsANewOneAtTheHead() throws Exception {
        CourierClient alice = user();
        ResumingSubscriber first = ResumingSubscriber.atHead(alice, List.of("ledger"));
        publish(alice, "ledger", 5);
        first.catchUp(Map.of("ledger", 5L));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), first.seqs("ledger"));
        first.close();
        assertEquals(1000, first.connections.get(0).awaitEnd(), "its node follows the topic no more");
        publish(alice, "ledger", 5);
        everyNodeServes(alice, "ledger", 5, 10);
    }

    @Test
    void aDurableConsumerResumesOnEveryNodeAfterTheAcksMadeOnOthers() throws Exception {
        CourierClient alice = user();
        publish(alice, "orders", 5);
        List<SocketClient> first = onEveryNode(alice);
        for (SocketClient connection : first) {
            connection.send(subscribe("orders", "worker", "s", ""));
            assertEquals(object("{\"type\":\"ack\",\"ref\":\"s\",\"seq\":5}"), object(connection.next()),
                    "new: at the head, which the first connection stored as its offset");
        }
        publish(alice, "orders", 3);
        for (SocketClient connection : first) {
            assertEquals(List.of(6L, 7L, 8L), HeraldV1IT.eventSeqs(connection, 3));
        }
        first.get(1).send(ack("orders", 7, "a"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"a\",\"seq\":7}"), object(first.get(1).next()));
        first.get(0).send(ack("orders", 6, "b"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"b\",\"seq\":7}"), object(first.get(0).next()),
                "the ack made on another node stands");
        first.get(2).send(ack("orders", 8, "c"));
        assertEquals(object("{\"type\":\"ack\",\"ref\":\"c\",\"seq\":8}"), object(first.get(2).next()));
        assertOnePerNode(first);

        publish(alice, "orders", 2);
        List<SocketClient> resumed = onEveryNode(alice);
        for (SocketClient connection : resumed) {
            connection.send(subscribe("orders", "worker", "r", ""));
            List<JsonObject> items = itemsUntil(connection, item -> item.getString("type").equals("ack"));
            assertEquals(List.of(9L, 10L), seqs(items), "after the last ack, whichever node stored it");
            assertEquals(object("{\"type\":\"ack\",\"ref\":\"r\",\"seq\":10}"), items.get(items.size() - 1));
        }
        publish(alice, "orders", 1);
        for (SocketClient connection : resumed) {
            assertEquals(List.of(11L), HeraldV1IT.eventSeqs(connection, 1), "live after the replay, nothing twice");
        }
        assertRow(rows(alice.get("/v1/consumers/worker"), 200).get(0), "worker", "alice", "orders", 8, 11);
        assertOnePerNode(resumed);
    }

    @Test
    void ticketsNameTheBalancersAddressAndAreRefusedAgainOnEveryNode() throws Exception {
        CourierClient alice = user();
        JsonObject signed = alice.sign();
        String ticket = signed.getString("key");
        String publicAddress = "127.0.0.1:" + balancer.herald.base.getPort();
        URI url = URI.create("ws://" + publicAddress + "/ws?token=" + ticket);
        assertEquals(Json.createObjectBuilder().add("key", ticket).add("url", url.toString()).build(), signed);

        // a page served through the balancer opens its socket there: same origin, since the balancer passes Host on
        String origin = "http://" + publicAddress;
        SocketClient admitted = SocketClient.connect(http, url, true, origin);
        String id = admitted.next();
        assertEquals(id, UUID.fromString(id).toString());
        for (int i = 0; i < NODES; i++) {
            assertEquals(401, SocketClient.refusedStatus(http, url, origin), "used once is used up");
        }
        admitted.close();
        String admittedBy = balancer.nodeOf(admitted);
        assertEquals(addresses(), balancer.servedWithTicket(ticket).stream().filter(served -> served.status() == 401)
                .map(Balancer.Served::node).collect(Collectors.toSet()),
                "refused by every node, " + admittedBy + " that admitted it included");
    }

    @Test
    void aStreamsProducerLockHoldsOnEveryNode() throws Exception {
        StreamClient producers = new StreamClient(balancer.herald, basicProducer());
        String stream = unique("orders");
        for (int i = 0; i < NODES; i++) {
            assertEquals(200, producers.produce(stream, "shop", StreamClient.event("OrderPlaced", "{}")).statusCode());
            HttpResponse<String> locked = producers.produce(stream, "intruder", StreamClient.event("OrderPlaced", "{}"));
            assertEquals(423, locked.statusCode());
            assertEquals("\"Locked - Second writers not allowed\"", locked.body());
        }
        List<Balancer.Served> posts = balancer.served(StreamClient.events(stream), 2 * NODES);
        assertEquals(addresses(), posts.stream().filter(post -> post.status() == 200).map(Balancer.Served::node)
                .collect(Collectors.toSet()), "the owner wrote through every node");
        assertEquals(addresses(), posts.stream().filter(post -> post.status() == 423).map(Balancer.Served::node)
                .collect(Collectors.toSet()), "and every node locked the intruder out");
        assertEquals(NODES, json(producers.pull(stream, "c", "OrderPlaced", 10).body()).asJsonArray().size());
    }

    /** Each node's own series, scraped from the node; the balancer refuses the path rather than pick a node. */
    @Test
    void metricsAreScrapedFromEachNodeNotThroughTheBalancer() {
        assertEquals(403, balancer.herald.send(balancer.herald.request("/metrics").GET().build()).statusCode());
        for (MicroNode node : nodes) {
            HttpResponse<String> scraped = node.herald.send(node.herald.request("/metrics").GET().build());
            assertEquals(200, scraped.statusCode(), node.name);
            assertTrue(scraped.body().contains("herald_relay_lag_seconds_count"), node.name);
        }
    }

    @Test
    void droppingAUserClosesItsConnectionsOnEveryNode() throws Exception {
        CourierClient connector = CourierClient.inNewAudience(balancer.herald, "ops", "connector");
        List<SocketClient> erins = onEveryNode(connector.as("erin"));
        SocketClient bystander = connector.as("frank").connectAsSigned();
        HttpResponse<String> dropped = connector.post("/drop_user", "{\"drop_access_id\":\"erin\"}");
        assertEquals(200, dropped.statusCode());
        assertEquals("true", dropped.body());
        for (SocketClient erin : erins) {
            assertEquals(1000, erin.awaitClose());
        }
        assertFalse(bystander.closeCode.isDone(), "other users stay connected");
        assertOnePerNode(erins);
    }

    /**
     * Twelve clients publish through the balancer while one node is killed with SIGKILL, in the middle of its
     * group commits, and more after it; then it is restarted. Every event answered 200 is in the log once
     * (answers 502 came from the dead node, and may or may not be there, but never twice), seqs are gapless,
     * and subscribers that were on every node receive exactly the log: those of the dead node by resuming
     * with since elsewhere, the others over the connection they had all along (the heartbeats pass the
     * balancer). The restarted node, started after all those events were committed, serves them to new
     * subscribers with since and without.
     */
    @Test
    void aNodeKilledMidLoadLosesNoAcknowledgedEventAndServesThemAllOnceRestarted() throws Exception {
        CourierClient alice = user();
        List<String> topics = List.of("t0", "t1", "t2");
        List<ResumingSubscriber> followers = new ArrayList<>();
        for (int i = 0; i < 2 * NODES; i++) {
            followers.add(ResumingSubscriber.atHead(alice, topics));
        }
        MicroNode doomed = nodes.get(NODES - 1);
        Load load = new Load(alice, topics);
        try {
            load.awaitAcknowledged(ACKED_PER_PHASE);
            doomed.kill();
            load.awaitAcknowledged(load.acknowledged.size() + ACKED_PER_PHASE); // the balancer leaves it out
        } finally {
            load.stop();
        }
        assertTrue(Set.of(200, 502).containsAll(load.answers.keySet()), "answers: " + load.answers);
        doomed.restart();
        balancer.awaitInRotation(doomed);
        for (int n = 0; n < NODES * topics.size(); n++) { // through every node, the restarted one too
            assertEquals(200, alice.hook(topics.get(n % topics.size()), "{\"c\":-1,\"n\":" + n + "}").statusCode());
        }

        Map<String, List<JsonValue>> log = new LinkedHashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (StoredEvent event : StoredEvent.inAudience(alice.audience)) {
            List<JsonValue> bodies = log.computeIfAbsent(event.topic(), topic -> new ArrayList<>());
            bodies.add(json(event.body()));
            assertEquals(bodies.size(), event.seq(), "seqs of " + event.topic() + " are gapless");
            JsonObject message = object(event.body());
            copies.merge(message.getInt("c") + ":" + message.getInt("n"), 1, Integer::sum);
        }
        for (String acknowledged : load.acknowledged) {
            assertEquals(1, copies.getOrDefault(acknowledged, 0), "acknowledged event " + acknowledged + " is in the log once");
        }
        copies.forEach((event, count) -> assertEquals(1, count, "event " + event + " is not in the log twice"));
        assertEquals(Set.copyOf(topics), log.keySet());

        Map<String, Long> heads = log.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
        for (ResumingSubscriber follower : followers) {
            follower.catchUp(heads);
            for (String topic : topics) {
                assertEquals(log.get(topic), follower.events(topic).stream().map(event -> event.get("body")).toList(),
                        "each event of " + topic + " once, in seq order");
            }
            follower.close();
        }
        int onDoomed = 0;
        for (ResumingSubscriber follower : followers) {
            boolean wasOnDoomed = balancer.nodeOf(follower.connections.get(0)).equals(doomed.address());
            onDoomed += wasOnDoomed ? 1 : 0;
            assertEquals(wasOnDoomed ? 2 : 1, follower.connections.size(),
                    wasOnDoomed ? "resumed once, when its node died" : "connected all along");
        }
        assertEquals(2, onDoomed, "two followers per node");

        everyNodeServes(alice, "t0", 0, heads.get("t0"));
    }

    /** Frames that Herald encodes once and Payara Micro's Tyrus writes as bytes (TyrusFrames): only these nodes run it. */
    @Test
    void framesWrittenAsBytesByPayaraMicroAreTheMessagesAsStored() throws Exception {
        CourierClient alice = user();
        SocketClient original = alice.connectAsSigned();
        original.send("{\"action\":\"subscribe\",\"topic\":\"bytes\"}");
        CourierSocketIT.awaitSubscribed(alice, original, "bytes");
        List<String> messages = List.of("{\"t\":\"é€😀\"}", "{\"t\":\"" + "ü".repeat(100) + "\"}",
                "{\"t\":\"" + "€".repeat(6_000) + "\"}");
        for (String message : messages) { // 7- and 16-bit lengths in the frame header, multi-byte UTF-8
            assertEquals(200, alice.hook("bytes", message).statusCode());
            assertEquals(message, original.next());
        }

        List<String> bodies = IntStream.rangeClosed(1, 40).mapToObj(n -> "{\"n\":" + n + ",\"t\":\"" + "ß€".repeat(700) + "\"}").toList();
        for (String body : bodies) {
            assertEquals(200, alice.hook("pages", body).statusCode());
        }
        SocketClient resuming = alice.connectAsSigned("herald.v1");
        resuming.send("{\"action\":\"subscribe\",\"topic\":\"pages\",\"since\":0}");
        // 140 KB replayed at once: what queues behind the first send goes out as arrays joined as bytes
        List<JsonObject> events = HeraldV1IT.eventObjects(resuming, bodies.size());
        assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(),
                events.stream().map(event -> event.getJsonNumber("seq").longValue()).toList());
        assertEquals(bodies.stream().map(DeployedHerald::json).toList(),
                events.stream().map(event -> event.get("body")).toList());
        for (SocketClient socket : List.of(original, resuming)) {
            socket.close();
            String address = balancer.nodeOf(socket);
            MicroNode node = nodes.stream().filter(n -> n.address().equals(address)).findFirst().orElseThrow();
            assertTrue(node.logText().contains("encoded once per message and written as bytes"),
                    "Payara Micro's Tyrus took Herald's encoded frames (TyrusFrames), so this test checked them");
        }
    }

    /** A user of a new audience, talking to the balancer only. */
    private static CourierClient user() {
        return CourierClient.inNewAudience(balancer.herald, "alice");
    }

    /**
     * New subscribers of {@code topic}, whose head is {@code head}, one of each kind per node: with
     * {@code since} they get every event after it, then live; without, they are acked at the head and get what
     * follows. Each gets the next event once.
     */
    private static void everyNodeServes(CourierClient user, String topic, long since, long head) throws Exception {
        List<ResumingSubscriber> resumed = new ArrayList<>();
        List<ResumingSubscriber> fresh = new ArrayList<>();
        for (int i = 0; i < NODES; i++) { // taking turns: the balancer gives each node one of each
            resumed.add(ResumingSubscriber.since(user, List.of(topic), since));
            fresh.add(ResumingSubscriber.atHead(user, List.of(topic)));
        }
        assertEquals(200, user.hook(topic, "{\"c\":-2,\"n\":0}").statusCode());
        Map<String, Long> next = Map.of(topic, head + 1);
        for (ResumingSubscriber subscriber : resumed) {
            subscriber.catchUp(next);
            assertEquals(LongStream.rangeClosed(since + 1, head + 1).boxed().toList(), subscriber.seqs(topic));
        }
        for (ResumingSubscriber subscriber : fresh) {
            subscriber.catchUp(next);
            assertEquals(head, subscriber.acked.get(topic), "acked with the head");
            assertEquals(List.of(head + 1), subscriber.seqs(topic), "no history replayed into a live subscriber");
        }
        assertOnePerNode(resumed.stream().map(subscriber -> subscriber.connections.get(0)).toList());
        assertOnePerNode(fresh.stream().map(subscriber -> subscriber.connections.get(0)).toList());
    }

    /** Herald.v1 sockets of {@code user}, opened one after the other, so that the balancer gives each node one. */
    private static List<SocketClient> onEveryNode(CourierClient user) throws InterruptedException {
        List<SocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            sockets.add(user.connectAsSigned("herald.v1"));
        }
        return sockets;
    }

    /** Closes the sockets (if still open) and checks that each node served one of them. */
    private static void assertOnePerNode(List<SocketClient> sockets) throws Exception {
        sockets.forEach(SocketClient::close);
        List<String> servedBy = new ArrayList<>();
        for (SocketClient socket : sockets) {
            servedBy.add(balancer.nodeOf(socket));
        }
        assertEquals(addresses(), Set.copyOf(servedBy), "one per node: " + servedBy);
    }

    private static Set<String> addresses() {
        return nodes.stream().map(MicroNode::address).collect(Collectors.toSet());
    }

    private static Map<String, Long> heads(List<String> topics, long head) {
        return topics.stream().collect(Collectors.toMap(topic -> topic, topic -> head));
    }

    /**
     * Publishers through the balancer, each numbering its messages ({@code {"c":client,"n":number}}) over the
     * topics in turn until stopped; an event answered 200 is acknowledged.
     */
    private static final class Load {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        private final List<Thread> publishers = new ArrayList<>();
        private volatile boolean stopping;

        Load(CourierClient user, List<String> topics) {
            for (int c = 0; c < PUBLISHERS; c++) {
                int client = c;
                Thread publisher = new Thread(() -> {
                    for (int n = 0; !stopping; n++) {
                        int status;
                        try {
                            status = user.hook(topics.get((client + n) % topics.size()),
                                    "{\"c\":" + client + ",\"n\":" + n + "}").statusCode();
                        } catch (RuntimeException noAnswer) {
                            status = -1; // the balancer answers even when a node dies: this is a failure
                        }
                        answers.merge(status, 1, Integer::sum);
                        if (status == 200) {
                            acknowledged.add(client + ":" + n);
                        }
                    }
                }, "publisher-" + c);
                publisher.start();
                publishers.add(publisher);
            }
        }

        void awaitAcknowledged(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < count) {
                assertTrue(System.nanoTime() < deadline, "only " + acknowledged.size() + " of " + count + " acknowledged: " + answers);
                Thread.sleep(10);
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread publisher : publishers) {
                publisher.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }
}
