package herald.log.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import herald.broker.Broker;
import herald.broker.Subscription;
import herald.log.control.Draft;
import herald.log.control.EventLog;
import herald.log.control.TopicOwnedByOther;
import jakarta.inject.Inject;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * [LOG-GROUP] Group commit inside the deployed WAR, on the real database: a request that fails fails alone
 * and the rest of its group commits, exactly once, in seq order, and only committed events are delivered.
 */
@ExtendWith(ArquillianExtension.class)
class GroupCommitIT {

    @Deployment
    static WebArchive heraldWithThisTest() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("herald.war")))
                .addClass(GroupCommitIT.class);
    }

    @Inject
    Appender appender;

    @Inject
    EventLog log;

    @Inject
    Broker broker;

    @Test
    void aRequestTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        String orders = "group-" + UUID.randomUUID();
        String invoices = "group-" + UUID.randomUUID();
        LinkedBlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
        Subscription subscription = broker.subscribe("default", orders, batch -> batch.events().forEach(e -> delivered.add(e.seq())));
        subscription.startAfter(0);
        try {
            AppendRequest first = request(orders, "message");
            AppendRequest poison = request(orders, "x".repeat(300)); // longer than the name column: refused by PostgreSQL
            AppendRequest other = request(invoices, "message");
            appender.commit(List.of(first, poison, other));

            assertEquals(1, first.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq());
            assertEquals(1, other.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> poison.outcome.get(10, TimeUnit.SECONDS));
            assertInstanceOf(RuntimeException.class, refused.getCause());
            long ordersId = log.topic("default", orders).orElseThrow().id();
            assertEquals(List.of(1L), log.read(ordersId, 0, 10).stream().map(e -> e.seq()).toList(),
                    "the refused request took no seq and left no event");
            assertEquals(1L, delivered.poll(10, TimeUnit.SECONDS));
            assertNull(delivered.poll(300, TimeUnit.MILLISECONDS), "delivered once, though its group was tried twice");
        } finally {
            subscription.cancel();
        }
    }

    @Test
    void aProducerLockedOutFailsAloneWithoutRollingBackItsGroup() throws Exception {
        String stream = "stream-" + UUID.randomUUID();
        appender.append("default", Map.of(stream, List.of(new Draft("created", "{}"))), "owner", true);
        AppendRequest intruder = new AppendRequest("default", Map.of(stream, List.of(new Draft("created", "{}"))), "intruder", true);
        AppendRequest owner = new AppendRequest("default", Map.of(stream, List.of(new Draft("created", "{}"))), "owner", true);
        appender.commit(List.of(intruder, owner));
        ExecutionException locked = assertThrows(ExecutionException.class, () -> intruder.outcome.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TopicOwnedByOther.class, locked.getCause());
        assertEquals(2, owner.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq(), "the owner's append committed");
    }

    @Test
    void aGroupNumbersEveryTopicAndNameInRequestOrderAndTakesOwnersAsItGoes() throws Exception {
        String run = UUID.randomUUID().toString();
        String newAudience = "group-audience-" + run;
        String a = "a-" + run;
        String b = "b-" + run;
        String stream = "stream-" + run;
        AppendRequest pushed = new AppendRequest("default", Map.of(
                b, List.of(new Draft("n", "{\"i\":1}"), new Draft("m", "{\"i\":2}"), new Draft("n", "{\"i\":3}")),
                a, List.of(new Draft("n", "{\"i\":4}"))), null, false);
        AppendRequest claims = new AppendRequest("default", Map.of(stream, List.of(new Draft("n", "{}"))), "p1", true);
        AppendRequest otherProducer = new AppendRequest("default", Map.of(stream, List.of(new Draft("n", "{}"))), "p2", true);
        AppendRequest elsewhere = new AppendRequest(newAudience, Map.of(b, List.of(new Draft("n", "{\"i\":5}"))), null, false);
        AppendRequest again = new AppendRequest("default", Map.of(b, List.of(new Draft("n", "{\"i\":6}"))), null, false);
        appender.commit(List.of(pushed, claims, otherProducer, elsewhere, again));

        List<Appended> pushedBatches = pushed.outcome.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(a, b), pushedBatches.stream().map(Appended::topic).toList(), "one batch per topic, by name");
        assertEquals(1, claims.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq());
        ExecutionException locked = assertThrows(ExecutionException.class, () -> otherProducer.outcome.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TopicOwnedByOther.class, locked.getCause(), "p1 took the stream earlier in the same group");
        assertEquals(1, elsewhere.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq(), "another audience's topic of that name");
        assertEquals(4, again.outcome.get(10, TimeUnit.SECONDS).get(0).firstSeq());

        long bId = log.topic("default", b).orElseThrow().id();
        assertEquals(List.of("1 n 1 {\"i\":1}", "2 m 1 {\"i\":2}", "3 n 2 {\"i\":3}", "4 n 3 {\"i\":6}"),
                log.read(bId, 0, 10).stream().map(e -> e.seq() + " " + e.name() + " " + e.nameSeq() + " " + e.body()).toList(),
                "seq and name seq gapless, in the order the group's requests came");
        assertEquals(4, log.topic("default", b).orElseThrow().lastSeq());
        assertEquals(1, log.topic(newAudience, b).orElseThrow().lastSeq(), "the group created the audience and its topic");

        AppendRequest next = new AppendRequest("default", Map.of(b, List.of(new Draft("n", "{}"))), null, false);
        AppendRequest lateIntruder = new AppendRequest("default", Map.of(stream, List.of(new Draft("n", "{}"))), "p2", true);
        appender.commit(List.of(next, lateIntruder));
        assertEquals(4, next.outcome.get(10, TimeUnit.SECONDS).get(0).events().get(0).nameSeq(), "name seq continues across groups");
        assertInstanceOf(TopicOwnedByOther.class,
                assertThrows(ExecutionException.class, () -> lateIntruder.outcome.get(10, TimeUnit.SECONDS)).getCause());
    }

    private static AppendRequest request(String topic, String name) {
        return new AppendRequest("default", Map.of(topic, List.of(new Draft(name, "{}"))), null, false);
    }
}
