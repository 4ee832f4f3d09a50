package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import herald.log.boundary.Publishing;
import herald.log.control.ConsumerPositions;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import herald.log.control.Offsets;
import herald.log.control.Retention;
import herald.log.entity.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** [HK-RETENTION], run inside the deployed WAR: old events go, unless a live consumer has not read them yet. */
@ExtendWith(ArquillianExtension.class)
class RetentionIT {

    @Deployment
    static WebArchive heraldWithThisTest() {
        return DeployedHerald.shippedWar().addClass(RetentionIT.class);
    }

    @Inject
    Publishing publishing;

    @Inject
    EventLog log;

    @Inject
    Offsets offsets;

    @Inject
    Retention retention;

    @Inject
    ConsumerPositions positions;

    @Inject
    DataSource database;

    @Test
    void oldEventsArePurgedExceptThoseALiveConsumerHasNotRead() throws Exception {
        String audience = "retention-" + UUID.randomUUID();
        List<Event> stream = publish(audience, "stream", 5);
        List<Event> chat = publish(audience, "chat", 3);
        offsets.acknowledge("billing", log.position(stream.get(1).id()).orElseThrow());
        age(audience, "stream", 40);
        age(audience, "chat", 40);
        publish(audience, "chat", 1); // recent: stays

        retention.purge(30);
        assertEquals(List.of(3L, 4L, 5L), seqs(audience, "stream"), "events unread by billing stay");
        assertEquals(List.of(4L), seqs(audience, "chat"), "old events without consumers go");

        try (Connection connection = database.getConnection();
             PreparedStatement stale = connection.prepareStatement(
                     "update consumer_offset set updated_at = now() - interval '40 days' where consumer = 'billing'")) {
            stale.executeUpdate();
        }
        retention.purge(30);
        assertEquals(List.of(), seqs(audience, "stream"), "a consumer idle for longer holds nothing back");

        assertEquals(6, publish(audience, "stream", 1).get(0).seq(), "seq numbers are never reused");
    }

    @Test
    void oldEventsADurableWebSocketConsumerHasNotAckedStayUntilItIsIdleForTheRetentionPeriod() throws Exception {
        String audience = "retention-" + UUID.randomUUID();
        publish(audience, "orders", 5);
        long topicId = log.topic(audience, "orders").orElseThrow().id();
        ConsumerPositions.Key worker = new ConsumerPositions.Key(topicId, "alice", "orders-worker");
        positions.resume(worker, 0L);
        positions.acknowledge(java.util.Map.of(worker, 2L));
        age(audience, "orders", 40);

        retention.purge(30);
        assertEquals(List.of(3L, 4L, 5L), seqs(audience, "orders"), "events the consumer has not acked stay");

        try (Connection connection = database.getConnection();
             PreparedStatement stale = connection.prepareStatement(
                     "update durable_consumer set updated_at = now() - interval '40 days' where topic_id = ?")) {
            stale.setLong(1, topicId);
            stale.executeUpdate();
        }
        retention.purge(30);
        assertEquals(List.of(), seqs(audience, "orders"), "a consumer idle for longer holds nothing back");
    }

    private List<Event> publish(String audience, String topic, int count) {
        return publishing.publish(audience, topic, IntStream.range(0, count)
                .mapToObj(i -> new Draft("message", "{\"i\":" + i + "}")).toList()).events();
    }

    private void age(String audience, String topic, int days) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update event set created_at = created_at - make_interval(days => ?)
                      where topic_id = (select t.id from topic t join audience a on a.id = t.audience_id
                                         where a.name = ? and t.name = ?)""")) {
            update.setInt(1, days);
            update.setString(2, audience);
            update.setString(3, topic);
            update.executeUpdate();
        }
    }

    private List<Long> seqs(String audience, String topic) {
        return log.read(log.topic(audience, topic).orElseThrow().id(), 0, 100).stream().map(Event::seq).toList();
    }
}
