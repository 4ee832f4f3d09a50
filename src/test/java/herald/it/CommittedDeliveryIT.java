package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.broker.Broker;
import herald.broker.Subscriber;
import herald.broker.Subscription;
import herald.log.boundary.Appended;
import herald.log.boundary.Publishing;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * [BROKER-COMMITTED] [LOG-ATOMIC], watched from inside the deployed WAR: an append whose transaction rolls
 * back is never delivered and leaves nothing in the log; a committed one is delivered once.
 */
@ExtendWith(ArquillianExtension.class)
class CommittedDeliveryIT {

    @Deployment
    static WebArchive heraldWithThisTest() {
        return DeployedHerald.shippedWar().addClass(CommittedDeliveryIT.class);
    }

    @Inject
    Publishing publishing;

    @Inject
    Broker broker;

    @Inject
    EventLog log;

    @Inject
    Event<Appended> appended;

    @Inject
    UserTransaction transaction;

    @Test
    void rolledBackAppendIsNeverDelivered() throws Exception {
        String topic = "rollback-" + UUID.randomUUID();
        LinkedBlockingQueue<Appended> delivered = new LinkedBlockingQueue<>();
        Subscriber probe = delivered::add;
        Subscription subscription = broker.subscribe("default", topic, probe);
        subscription.startAfter(0);
        try {
            // what a group commit does, rolled back: reserve, write, announce to the broker inside the transaction
            transaction.begin();
            List<Appended> batches = log.reserve("default", Map.of(topic, List.of(new Draft("message", "{\"n\":1}"))), null, false);
            log.write(batches);
            batches.forEach(appended::fire);
            transaction.rollback();
            assertNull(delivered.poll(500, TimeUnit.MILLISECONDS), "rolled-back event was delivered");
            assertTrue(log.topic("default", topic).isEmpty(), "rolled-back append left a topic behind");

            assertThrows(IllegalArgumentException.class, () -> publishing.publish("default", topic, List.of()));

            publishing.publish("default", topic, List.of(new Draft("message", "{\"n\":2}")));
            Appended committed = delivered.poll(10, TimeUnit.SECONDS);
            assertNotNull(committed, "the committed event was not delivered");
            assertEquals(1, committed.events().size());
            assertEquals(1, committed.firstSeq(), "the rolled-back append consumed no seq");
            assertEquals("{\"n\":2}", committed.events().get(0).body());
            assertNull(delivered.poll(300, TimeUnit.MILLISECONDS), "delivered exactly once");
        } finally {
            subscription.cancel();
        }
    }
}
