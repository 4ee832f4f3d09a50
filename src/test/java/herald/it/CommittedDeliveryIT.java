package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import herald.broker.Broker;
import herald.broker.Subscriber;
import herald.broker.Subscription;
import herald.log.boundary.Appended;
import herald.log.boundary.Publishing;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * [BROKER-COMMITTED] [LOG-ATOMIC], watched from inside the deployed WAR: a publish whose transaction rolls
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
    UserTransaction transaction;

    @Test
    void rolledBackPublishIsNeverDelivered() throws Exception {
        String topic = "rollback-" + UUID.randomUUID();
        LinkedBlockingQueue<Appended> delivered = new LinkedBlockingQueue<>();
        Subscriber probe = delivered::add;
        Subscription subscription = broker.subscribe("default", topic, probe);
        subscription.startAfter(0);
        try {
            transaction.begin();
            publishing.publish("default", topic, List.of(new Draft("message", "{\"n\":1}")));
            transaction.rollback();
            // AFTER_SUCCESS observers run on the completing thread: had it been delivered, it would be queued now.
            assertTrue(delivered.isEmpty(), "rolled-back event was delivered");
            assertTrue(log.topic("default", topic).isEmpty(), "rolled-back append left a topic behind");

            assertThrows(IllegalArgumentException.class, () -> publishing.publish("default", topic, List.of()));
            assertTrue(delivered.isEmpty());

            publishing.publish("default", topic, List.of(new Draft("message", "{\"n\":2}")));
            Appended committed = delivered.poll();
            assertEquals(1, committed.events().size());
            assertEquals(1, committed.firstSeq(), "the rolled-back append consumed no seq");
            assertEquals("{\"n\":2}", committed.events().get(0).body());
            assertTrue(delivered.isEmpty(), "delivered exactly once");
        } finally {
            subscription.cancel();
        }
    }
}
