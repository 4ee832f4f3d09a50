package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** [WS-CLEAN]: thousands of connect, subscribe, close cycles leave no connection or subscription behind. */
class ConnectionLeakIT extends DeployedHerald {

    static final int CYCLES = Integer.getInteger("herald.it.leak-cycles", 10_000);
    static final int WORKERS = 8;

    @Test
    void connectSubscribeCloseCyclesLeaveNothingBehind() throws Exception {
        CourierClient owner = CourierClient.inNewAudience(this, "owner");
        JsonObject before = broker();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                CourierClient user = owner.as("worker-" + w);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < CYCLES / WORKERS; i++) {
                        SocketClient socket = user.connect();
                        socket.send("{\"action\":\"subscribe\",\"topic\":\"churn-" + (i % 50) + "\"}");
                        socket.close();
                        int code = socket.awaitEnd(); // WildFly now and then drops the connection instead of answering
                        assertTrue(code == 1000 || code == 1006, "closed with " + code);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject after = broker();
        while (!after.equals(before) && System.nanoTime() < deadline) {
            after = broker(); // the server handles the last closes after the clients saw them
        }
        assertEquals(before, after, "connections and subscriptions are back where they were");
    }

    private JsonObject broker() {
        return object(send(HttpRequest.newBuilder(health("/live")).timeout(TIMEOUT).GET().build()).body())
                .getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(check -> check.getString("name").equals("broker")).findFirst().orElseThrow()
                .getJsonObject("data");
    }
}
