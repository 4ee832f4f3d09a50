package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Taking Herald off a running server: open sockets are told {@code 1001 going away}, and publishes in flight
 * are either committed (answered 200 and in the log, without a gap) or refused, never half-written, and the
 * cluster relay has handed back its listening connection.
 */
@ExtendWith(ArquillianExtension.class)
class GracefulUndeployIT {

    private static final String HERALD = "herald-to-undeploy";

    /** Deployed and undeployed by the test itself. */
    @Deployment(name = HERALD, managed = false, testable = false)
    static WebArchive herald() {
        return DeployedHerald.shippedWar();
    }

    @ArquillianResource
    Deployer deployer;

    /** The client helpers of the other ITs, pointed at where every profile has the server listen. */
    private final DeployedHerald herald = new DeployedHerald() {
    };

    @Test
    void undeployClosesSocketsGoingAwayAndLeavesNoPublishHalfWritten() throws Exception {
        deployer.deploy(HERALD);
        herald.base = URI.create("http://127.0.0.1:" + TestServer.required("herald.it.http.port") + "/").toURL();
        CourierClient alice = CourierClient.inNewAudience(herald, "alice");
        SocketClient socket = alice.connect();

        CompletableFuture<List<Integer>> publisher = CompletableFuture.supplyAsync(() -> publishUntilRefused(alice));
        TimeUnit.MILLISECONDS.sleep(300); // publishes in flight when the undeploy starts
        deployer.undeploy(HERALD);
        assertEquals(List.of(), listeners(), "a connection left LISTENing by the undeployed relay");

        assertEquals(1001, socket.awaitClose(), "close code");
        // Herald's own words where it gets to close the sockets. Undertow (WildFly) closes every session itself
        // when the servlet context is destroyed, 1001 with an empty reason, before any bean of the application
        // is destroyed (io.undertow.websockets.jsr.Bootstrap$WebSocketListener -> ServerWebSocketContainer.doClose).
        assertEquals("wildfly".equals(TestServer.server()) ? "" : "going away", socket.closeReason);

        List<Integer> committed = publisher.get(1, TimeUnit.MINUTES);
        assertTrue(committed.size() > 0, "some publishes were answered before the undeploy");
        List<Integer> stored = stored(alice.audience);
        assertTrue(stored.containsAll(committed), "every answered publish is in the log");
        for (int seq = 1; seq <= stored.size(); seq++) {
            assertEquals(seq, stored.get(seq - 1), "seqs without a gap");
        }
    }

    /** Publishes one event after the other until one is refused (Herald is gone); the numbers answered 200. */
    private static List<Integer> publishUntilRefused(CourierClient alice) {
        List<Integer> committed = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            try {
                HttpResponse<String> response = alice.hook("shutdown", "{\"n\":" + i + "}");
                if (response.statusCode() != 200) {
                    break;
                }
                committed.add(i);
            } catch (RuntimeException refused) {
                break; // the connection was refused or dropped: this one is not acknowledged
            }
        }
        return committed;
    }

    /**
     * Database sessions whose last statement was the relay's LISTEN: a connection still listening once the
     * undeploy has returned, which the server would destroy in use when it closes the pool (WildFly's
     * IJ000615). The relay UNLISTENs before it hands the connection back.
     */
    private static List<String> listeners() throws Exception {
        try (Connection db = TestServer.database();
             PreparedStatement select = db.prepareStatement("""
                     select pid || ': ' || query from pg_stat_activity
                      where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN herald%'""");
             ResultSet rows = select.executeQuery()) {
            List<String> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(rows.getString(1));
            }
            return sessions;
        }
    }

    /** The stored message numbers of topic "shutdown", in seq order (seq n carries message n). */
    private static List<Integer> stored(String audience) throws Exception {
        try (Connection db = TestServer.database();
             PreparedStatement select = db.prepareStatement("""
                     select e.seq, e.body from event e join topic t on t.id = e.topic_id join audience a on a.id = t.audience_id
                      where a.name = ? and t.name = 'shutdown' order by e.seq""")) {
            select.setString(1, audience);
            List<Integer> numbers = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertEquals("{\"n\":" + rows.getLong(1) + "}", rows.getString(2), "event " + rows.getLong(1) + " whole");
                    numbers.add(rows.getInt(1));
                }
            }
            return numbers;
        }
    }
}
