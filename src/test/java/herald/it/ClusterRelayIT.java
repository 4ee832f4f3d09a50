package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import herald.broker.Broker;
import herald.broker.Subscriber;
import herald.broker.Subscription;
import herald.log.boundary.Appended;
import herald.log.boundary.Publishing;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import herald.metrics.HeraldMetrics;
import herald.metrics.PrometheusText;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out (DESIGN.md decision 6), inside the WAR: commits announced by another node reach this node's
 * subscribers, read from the log; a seq whose announcement never came is repaired from the log.
 * "Another node" writes through {@link EventLog} directly, which this node's broker never hears of.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterRelayIT {

    @Deployment
    static WebArchive heraldWithThisTest() {
        return DeployedHerald.shippedWar().addClasses(ClusterRelayIT.class, PrometheusText.class);
    }

    @Inject
    Publishing publishing;

    @Inject
    EventLog log;

    @Inject
    Broker broker;

    @Inject
    UserTransaction transaction;

    @Inject
    DataSource database;

    @Inject
    HeraldMetrics metrics;

    @Test
    void anotherNodesCommitsReachThisNodesSubscribersInOrder() throws Exception {
        String audience = "relay-" + UUID.randomUUID();
        LinkedBlockingQueue<Long> seqs = new LinkedBlockingQueue<>();
        Subscriber probe = batch -> batch.events().forEach(event -> seqs.add(event.seq()));
        Subscription subscription = broker.subscribe(audience, "orders", probe);
        subscription.startAfter(0);
        double relayedBefore = metric("herald_relay_lag_seconds_count");
        double repairsBefore = metric("herald_relay_gap_repairs_total");
        try {
            Appended elsewhere = appendAsAnotherNode(audience, 2);
            assertNull(seqs.poll(300, TimeUnit.MILLISECONDS), "this node was not told by its own broker");
            notifyAsAnotherNode(elsewhere);
            assertEquals(1L, next(seqs));
            assertEquals(2L, next(seqs));
            assertEquals(relayedBefore + 1, metric("herald_relay_lag_seconds_count"), "one read, timed once");

            publishing.publish(audience, "orders", List.of(new Draft("message", "{}")));
            assertEquals(3L, next(seqs));
            appendAsAnotherNode(audience, 1); // seq 4: its notice is "lost"
            publishing.publish(audience, "orders", List.of(new Draft("message", "{}")));
            assertEquals(4L, next(seqs), "the missing seq is read from the log");
            assertEquals(5L, next(seqs), "and the held one follows it");
            assertNull(seqs.poll(300, TimeUnit.MILLISECONDS), "each seq once");
            assertEquals(repairsBefore + 1, metric("herald_relay_gap_repairs_total"));
            assertEquals(relayedBefore + 2, metric("herald_relay_lag_seconds_count"), "a repaired gap was relayed too, late");
        } finally {
            subscription.cancel();
        }
    }

    /**
     * One burst of notices naming many topics is read with one statement for all of them; each followed topic's
     * subscribers still get exactly its events, in order, however many there are (more than one read's worth
     * for one topic), and a topic nobody here follows is left alone.
     */
    @Test
    void aBurstOfNoticesOfManyTopicsReachesEachTopicsSubscribersInOrder() throws Exception {
        String audience = "relay-" + UUID.randomUUID();
        Map<String, Integer> events = new LinkedHashMap<>();
        for (int t = 0; t < 40; t++) {
            events.put("burst-" + t, 3);
        }
        events.put("long", 1005); // beyond what one read takes of a topic (1,000)
        Map<String, LinkedBlockingQueue<Long>> seqs = new LinkedHashMap<>();
        List<Subscription> subscriptions = new ArrayList<>();
        events.keySet().forEach(topic -> {
            LinkedBlockingQueue<Long> received = new LinkedBlockingQueue<>();
            seqs.put(topic, received);
            Subscription subscription = broker.subscribe(audience, topic, batch -> batch.events().forEach(event -> received.add(event.seq())));
            subscription.startAfter(0);
            subscriptions.add(subscription);
        });
        try {
            List<Appended> batches = new ArrayList<>();
            transaction.begin();
            events.forEach((topic, count) -> batches.add(append(audience, topic, count)));
            batches.add(append(audience, "unfollowed", 2));
            transaction.commit();
            notifyAsAnotherNode(batches.toArray(Appended[]::new));
            for (Map.Entry<String, Integer> topic : events.entrySet()) {
                for (long seq = 1; seq <= topic.getValue(); seq++) {
                    assertEquals(seq, next(seqs.get(topic.getKey())), topic.getKey());
                }
            }
            for (Map.Entry<String, LinkedBlockingQueue<Long>> topic : seqs.entrySet()) {
                assertNull(topic.getValue().poll(topic.getKey().equals("long") ? 300 : 0, TimeUnit.MILLISECONDS),
                        "each seq once: " + topic.getKey());
            }
        } finally {
            subscriptions.forEach(Subscription::cancel);
        }
    }

    private Appended appendAsAnotherNode(String audience, int events) throws Exception {
        transaction.begin();
        Appended appended = append(audience, "orders", events);
        transaction.commit();
        return appended;
    }

    private Appended append(String audience, String topic, int events) {
        return log.append(audience, topic, null, false,
                java.util.Collections.nCopies(events, new Draft("message", "{\"elsewhere\":true}")));
    }

    /** The notices another node's commit would send, in one transaction: they arrive as one burst. */
    private void notifyAsAnotherNode(Appended... batches) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement notify = connection.prepareStatement("select count(pg_notify('herald', n)) from unnest(?) n")) {
            notify.setArray(1, connection.createArrayOf("text", java.util.Arrays.stream(batches)
                    .map(batch -> "another-node:" + batch.topicId() + ":" + batch.firstSeq() + ":" + batch.lastSeq())
                    .toArray()));
            notify.executeQuery().close();
        }
    }

    private double metric(String series) {
        return PrometheusText.value(metrics.scrape(), series).orElseThrow();
    }

    private static long next(LinkedBlockingQueue<Long> seqs) throws InterruptedException {
        Long seq = seqs.poll(10, TimeUnit.SECONDS);
        assertNotNull(seq, "nothing relayed within 10 s");
        return seq;
    }
}
