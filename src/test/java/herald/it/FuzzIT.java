package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a seeded, bounded fuzzer over every door and both sockets. Each input is a mutation of a valid
 * request — malformed and deeply nested JSON, extreme numbers, control characters and invalid UTF-8, long
 * names and headers, forged, malleated and oversized tokens and tickets, binary and fragmented frames —
 * and each must be answered within 5 s, never with a 5xx, in the door's own error format; afterwards an
 * ordinary round trip through every door still works. The seed is printed (and in every failure message);
 * {@code -Dherald.fuzz.seed=N} replays a run.
 */
class FuzzIT extends DeployedHerald {

    private static final int HTTP_INPUTS = 200;
    private static final int SOCKET_INPUTS = 30;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    /** Grizzly's default limit on a request's line and headers (8 KiB), less what the JDK client adds itself. */
    private static final int CONTAINER_HEAD_LIMIT = 8 * 1024 - 512;
    private static final Duration SOCKET_END_WITHIN = Duration.ofSeconds(10);

    private final long seed = Long.getLong("herald.fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);

    @Test
    void everyDoorAnswersFuzzedInputWithItsOwn4xxAndKeepsWorking() throws Exception {
        System.out.println("FuzzIT seed " + seed + " (rerun with -Dherald.fuzz.seed=" + seed + ")");
        CourierClient alice = CourierClient.inNewAudience(this, "alice");
        CourierClient connector = alice.as("connector", "connector");
        String stream = unique("fuzz");
        List<Door> doors = List.of(
                new Door("courier", () -> post("/v1/hook", bearer(alice), hookBody())),
                new Door("courier", () -> post("/v1/topic", bearer(alice), mutate("{\"topic\":\"t\"}"))),
                new Door("courier", () -> get("/v1/sign", fuzzedAuthorization(alice))),
                new Door("courier", () -> get("/v1/topic", fuzzedAuthorization(alice))),
                new Door("notifier", () -> post("/push_events", bearer(connector),
                        mutate("[{\"accessid\":\"alice\",\"created_at\":1,\"payload\":{\"n\":1}}]"))),
                new Door("notifier", () -> post("/drop_user", bearer(connector), mutate("{\"drop_access_id\":\"alice\"}"))),
                new Door("eventserver", () -> produce(stream, alice)),
                new Door("eventserver", () -> pull(stream, alice)));

        for (int i = 0; i < HTTP_INPUTS; i++) {
            Door door = doors.get(random.nextInt(doors.size()));
            HttpRequest request = door.request.get();
            HttpResponse<String> answer = answered(request, i);
            assertDoorFormat(door.name, request, answer, i);
        }
        for (int i = 0; i < SOCKET_INPUTS; i++) {
            fuzzSocket(alice, i);
        }

        assertRoundTripsStillWork(alice, connector, stream);
    }

    private record Door(String name, Supplier<HttpRequest> request) {
    }

    private HttpResponse<String> answered(HttpRequest request, int input) {
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(where(input, request) + " got no answer within " + ANSWER_WITHIN + ": " + e, e);
        }
        assertTrue(System.nanoTime() - started < ANSWER_WITHIN.toNanos(), where(input, request) + " answered too late");
        return answer;
    }

    private void assertDoorFormat(String door, HttpRequest request, HttpResponse<String> answer, int input) {
        int status = answer.statusCode();
        String what = where(input, request) + " -> " + status + " " + abbreviated(answer.body());
        assertTrue(status < 500, what);
        if (status < 400) {
            return; // a mutation that is still a valid request
        }
        if (status == 400 && answer.body().isEmpty() && request.uri().getRawPath().matches(".*%0[0-9A-Fa-f].*")) {
            return; // a control character in the path: the container refuses the URL before any application sees it
        }
        if (status == 400 && answer.body().isEmpty() && headBytes(request) > CONTAINER_HEAD_LIMIT) {
            return; // a long URL and long headers together: past the container's limit, refused before any application
        }
        JsonValue body;
        try {
            body = json(answer.body());
        } catch (RuntimeException notJson) {
            throw new AssertionError(what + ": the error is not JSON", notJson);
        }
        if (door.equals("eventserver")) {
            assertEquals(JsonValue.ValueType.STRING, body.getValueType(), what + ": Eventserver errors are a JSON string");
        } else {
            JsonObject envelope = body.asJsonObject();
            assertEquals(status, envelope.getInt("status"), what);
            assertTrue(envelope.getString("code").startsWith("E") && !envelope.getString("error").isBlank(), what);
        }
    }

    private void fuzzSocket(CourierClient alice, int input) throws Exception {
        boolean notifier = random.nextBoolean();
        String path = notifier ? "/subscribe_to_events" : "/ws";
        String ticket = alice.ticket();
        String mangled = random.nextInt(4) == 0 ? malleate(ticket) : ticket;
        URI uri = URI.create(uri(path + "?token=" + encoded(mangled)).toString().replaceFirst("^http", "ws"));
        SocketClient socket;
        try {
            socket = SocketClient.connect(http, uri);
        } catch (RuntimeException refused) {
            assertTrue(!mangled.equals(ticket), "seed " + seed + " socket #" + input + ": a valid ticket was refused: " + refused);
            return; // a malleated ticket: refused at the upgrade, as it must be
        }
        String frame = notifier ? mutate("{\"access_id\":\"alice\",\"timestamp\":0}")
                : mutate("{\"action\":\"publish\",\"topic\":\"t\",\"message\":{\"n\":1}}");
        try {
            switch (random.nextInt(4)) {
                case 0 -> socket.socket.sendBinary(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), true).join();
                case 1 -> {
                    int cut = frame.isEmpty() ? 0 : random.nextInt(frame.length());
                    socket.socket.sendText(frame.substring(0, cut), false).join();
                    socket.socket.sendText(frame.substring(cut), true).join();
                }
                default -> socket.send(frame);
            }
        } catch (CompletionException closedMeanwhile) {
            // the server closed the socket between two fragments (e.g. 1009 for the first one): its close code counts
        }
        // Whatever the frame did, the socket ends in an orderly way: closed by the server for cause, or by us.
        try {
            socket.close();
        } catch (RuntimeException alreadyClosed) {
            // the server closed it first
        }
        Integer code = socket.endWithin(SOCKET_END_WITHIN);
        if (code == null || code == 1006) {
            // Seen on WildFly, rarely and not reproducible by seed: no close frame within the wait, or none at all
            // (1006: Undertow closes the connection on a refused frame while the client is still writing it, and
            // the reset loses the close frame). Whether the server is stuck is what matters: a fresh socket must
            // still be served at once.
            System.out.println("FuzzIT seed " + seed + " socket #" + input + ": " + (code == null ? "no close within "
                    + SOCKET_END_WITHIN : "closed without a close frame") + " after " + abbreviated(frame)
                    + "; checking the server still serves sockets");
            SocketClient fresh = alice.connect();
            fresh.close();
            return;
        }
        assertTrue(code == 1000 || code == 1003 || code == 1007 || code == 1008 || code == 1009,
                "seed " + seed + " socket #" + input + " " + path + " frame " + abbreviated(frame) + " ended with " + code
                        + " " + socket.closeReason);
    }

    private void assertRoundTripsStillWork(CourierClient alice, CourierClient connector, String stream) throws Exception {
        SocketClient subscriber = alice.connect();
        subscriber.send("{\"action\":\"subscribe\",\"topic\":\"after-fuzz\"}");
        CourierSocketIT.awaitSubscribed(alice, subscriber, "after-fuzz");
        assertEquals(200, alice.hook("after-fuzz", "{\"ok\":true}").statusCode(), "seed " + seed);
        assertEquals("{\"ok\":true}", subscriber.next(), "seed " + seed);
        assertEquals(200, connector.post("/push_events", "[{\"accessid\":\"alice\",\"created_at\":1,\"payload\":1}]").statusCode());
        StreamClient producer = new StreamClient(this, "Bearer " + alice.token);
        String fresh = stream + "-after";
        assertEquals(200, producer.produce(fresh, "p", StreamClient.event("A", "{}")).statusCode(), "seed " + seed);
        assertEquals(1, json(producer.pull(fresh, "c", "A", 10).body()).asJsonArray().size(), "seed " + seed);
    }

    // ---- inputs

    private String hookBody() {
        return mutate("{\"topic\":\"t\",\"action\":\"publish\",\"message\":{\"n\":1,\"s\":\"x\"}}");
    }

    private HttpRequest produce(String stream, CourierClient alice) {
        String path = "/api/v1/streams/" + (random.nextInt(5) == 0 ? encoded(fuzzedName()) : stream) + "/events";
        HttpRequest.Builder request = request(path).header("Authorization", fuzzedAuthorization(alice))
                .header("Content-Type", "application/json").header("X-Producer-ID", random.nextInt(6) == 0 ? fuzzedHeader() : "p");
        return request.POST(body(mutate("{\"event\":{\"name\":\"A\",\"version\":1},\"payload\":{\"n\":1}}"))).build();
    }

    private HttpRequest pull(String stream, CourierClient alice) {
        String query = "?eventName=" + (random.nextBoolean() ? "A" : encoded(fuzzedName())) + "&limit="
                + List.of("10", "-1", "0", "99999999999999999999", "1e3", "", "%00").get(random.nextInt(7));
        return request("/api/v1/streams/" + stream + "/events" + query).header("Authorization", fuzzedAuthorization(alice))
                .header("X-Consumer-ID", random.nextInt(5) == 0 ? fuzzedHeader() : "c").GET().build();
    }

    private HttpRequest post(String path, String authorization, String body) {
        return request(path).header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(body(body)).build();
    }

    private HttpRequest get(String path, String authorization) {
        return request(path).header("Authorization", authorization).GET().build();
    }

    /** Mostly UTF-8 text; sometimes bytes that are no UTF-8 at all. */
    private HttpRequest.BodyPublisher body(String text) {
        if (random.nextInt(10) == 0) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] broken = new byte[bytes.length + 2];
            System.arraycopy(bytes, 0, broken, 0, bytes.length);
            broken[bytes.length] = (byte) 0xC3; // a lead byte with no continuation
            broken[bytes.length + 1] = (byte) 0xFF; // never valid in UTF-8
            return HttpRequest.BodyPublishers.ofByteArray(broken);
        }
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private String bearer(CourierClient client) {
        return "Bearer " + client.token;
    }

    private String fuzzedAuthorization(CourierClient client) {
        return switch (random.nextInt(8)) {
            case 0 -> "Bearer " + malleate(client.token);
            case 1 -> "Bearer " + forged();
            case 2 -> "Bearer " + "a".repeat(random.nextInt(7_000)); // longer headers meet the container's own limit
            case 3 -> "Basic " + Base64.getEncoder().encodeToString(("u\u0000" + fuzzedName() + ":p").getBytes(StandardCharsets.UTF_8));
            case 4 -> List.of("", "Bearer", "Bearer ", "Basic", "Negotiate abc", "bearer " + client.token).get(random.nextInt(6));
            default -> "Bearer " + client.token;
        };
    }

    /** The same token written another way: whitespace inside, padding, a flipped character, cut short. */
    private String malleate(String token) {
        int at = random.nextInt(token.length());
        return switch (random.nextInt(5)) {
            case 0 -> token.substring(0, at) + (random.nextBoolean() ? " " : "\t") + token.substring(at);
            case 1 -> token + "=";
            case 2 -> token.substring(0, at) + (char) (token.charAt(at) ^ 1) + token.substring(at + 1);
            case 3 -> token.substring(0, at);
            default -> token.replace('-', '+').replace('_', '/') + "==";
        };
    }

    private String forged() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = List.of("{\"alg\":\"none\"}", "null", "[]", "{\"alg\":\"HS256\"}", "{\"alg\":\"RS256\",\"kid\":\"x\"}")
                .get(random.nextInt(5));
        return url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString("{\"aud\":\"x\",\"sub\":\"eve\",\"groups\":[\"admin\"]}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(new byte[random.nextInt(3) * 16]);
    }

    /** A stream, event or user name no door should accept, or should take as an ordinary name. */
    private String fuzzedName() {
        return switch (random.nextInt(6)) {
            case 0 -> "x".repeat(200 + random.nextInt(2_000));
            case 1 -> "a\u0000b";
            case 2 -> "\n\r\t";
            case 3 -> "\u00e9\u4e2d\ud800";
            case 4 -> "../../etc";
            default -> "$" + random.nextInt();
        };
    }

    /** What an HTTP client can put in a header: ASCII, but long or odd. */
    private String fuzzedHeader() {
        return List.of("x".repeat(300 + random.nextInt(2_000)), "%00", "a b", "$p", "\"quoted\"", "").get(random.nextInt(6));
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A mutation of valid JSON, or the JSON itself (so that valid inputs keep the door honest too). */
    private String mutate(String valid) {
        int at = random.nextInt(valid.length() + 1);
        return switch (random.nextInt(12)) {
            case 0 -> valid.substring(0, at); // cut short
            case 1 -> "[".repeat(1 + random.nextInt(20_000)) + valid;
            case 2 -> valid.substring(0, at) + "{\"deep\":" + "[".repeat(100 + random.nextInt(5_000)) + valid.substring(at);
            case 3 -> valid.replaceFirst("1", "1" + "0".repeat(100 + random.nextInt(5_000)));
            case 4 -> valid.replaceFirst("1", "0." + "0".repeat(100 + random.nextInt(5_000)) + "1e-99999");
            case 5 -> valid.substring(0, at) + (char) random.nextInt(0x20) + valid.substring(at); // raw control character
            case 6 -> valid.replaceFirst("\"([a-z])", "\"\\\\u0000$1");
            case 7 -> valid.replaceFirst("\"([a-z])", "\"\\\\ud800$1");
            case 8 -> valid.replaceFirst("\"([a-z_]+)\"", "\"" + "k".repeat(1 + random.nextInt(100_000)) + "\"");
            case 9 -> valid.substring(0, at) + randomText(1 + random.nextInt(50)) + valid.substring(at);
            case 10 -> "";
            default -> valid;
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x3000)));
        }
        return text.toString();
    }

    private String where(int input, HttpRequest request) {
        return "seed " + seed + " input #" + input + " " + request.method() + " " + abbreviated(request.uri().toString());
    }

    /** The request line and headers as sent, but for the few the JDK client adds itself (Host, User-Agent, ...). */
    private static int headBytes(HttpRequest request) {
        String query = request.uri().getRawQuery();
        int size = request.method().length() + request.uri().getRawPath().length() + (query == null ? 0 : query.length() + 1) + 12;
        for (var header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                size += header.getKey().length() + value.length() + 4;
            }
        }
        return size;
    }

    private static String abbreviated(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "… (" + text.length() + " chars)";
    }
}
