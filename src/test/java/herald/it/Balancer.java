package herald.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * nginx from Debian's package in front of Herald nodes, configured by {@code server-config/nginx/herald.conf}
 * as shipped: only the node addresses, the listen port and the access log's path are replaced. It runs in the
 * foreground with everything it writes under {@code target/cluster/nginx}. Its access log tells which node
 * served a request, which is how tests know their clients were spread over the nodes.
 */
final class Balancer implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path SHIPPED = Path.of(System.getProperty("herald.it.server-config", "server-config"), "nginx", "herald.conf");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** {@code "GET /ws?token=… HTTP/1.1" 101 … upstream=127.0.0.1:41234} (after retries, a list: the last one answered). */
    private static final Pattern LINE = Pattern.compile(
            "\"(\\S+) (\\S+) [^\"]*\" (\\d{3}) \\S+ token=(\\S+) upstream=(?:\\S+, )*(\\S+) ");
    /** How much of a ticket the shipped log format keeps: its end. */
    private static final int TICKET_TAIL = 8;

    private final Process nginx;
    private final Path accessLog;
    private final Path directory;
    final DeployedHerald herald;

    private Balancer(Process nginx, Path directory, int port) {
        this.nginx = nginx;
        this.directory = directory;
        this.accessLog = directory.resolve("access.log");
        this.herald = DeployedHerald.at(URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Without nginx the cluster tests are skipped, saying how to install it, so that {@code mvn verify} needs
     * nothing but a JDK and Maven; in CI ({@code CI=true}, where .ci/run installs it) they fail instead.
     */
    static void requireNginx() {
        if (!Files.isExecutable(NGINX)) {
            String message = "The cluster tests run nginx from Debian's package (.ci/run installs it): apt-get install -y nginx";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    static Balancer start(List<MicroNode> nodes) throws Exception {
        Path directory = Path.of(System.getProperty("herald.war")).resolveSibling("cluster").resolve("nginx");
        Files.createDirectories(directory);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path site = Files.writeString(directory.resolve("herald.conf"), render(Files.readString(SHIPPED), nodes, port, directory));
        // What Debian's /etc/nginx/nginx.conf gives the file, minus what needs root: paths of its own, one worker
        // (so requests take turns over the nodes, round robin, as they arrive).
        Path conf = Files.writeString(directory.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events {
                    worker_connections 1024;
                }
                http {
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %2$s;
                }
                """.formatted(directory, site));
        Process nginx = new ProcessBuilder(NGINX.toString(), "-p", directory.toString(), "-c", conf.toString(),
                "-e", directory.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
        Balancer balancer = new Balancer(nginx, directory, port);
        balancer.awaitListening();
        return balancer;
    }

    /** The shipped file with the test's nodes, port and log; fails if the file no longer has the lines replaced. */
    static String render(String shipped, List<MicroNode> nodes, int port, Path directory) {
        String servers = nodes.stream().map(node -> "    server " + node.address() + " max_fails=1 fail_timeout=10s;\n")
                .collect(Collectors.joining());
        String rendered = replaceOnce(shipped, "(?m)^upstream herald \\{\\n(?:\\s*#.*\\n)*((?:\\s*server \\S+:\\d+ .*;\\n)+)",
                servers);
        rendered = replaceOnce(rendered, "(?m)^\\s*listen (80);$", "127.0.0.1:" + port);
        return replaceOnce(rendered, "(?m)^\\s*access_log (\\S+) herald;$", directory.resolve("access.log").toString());
    }

    /** Replaces group 1 of the only match of {@code regex}. */
    private static String replaceOnce(String text, String regex, String replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(SHIPPED + " has no line matching " + regex);
        }
        String replaced = text.substring(0, matcher.start(1)) + replacement + text.substring(matcher.end(1));
        if (matcher.find()) {
            throw new IllegalStateException(SHIPPED + " has more than one line matching " + regex);
        }
        return replaced;
    }

    private void awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited " + nginx.exitValue() + ": " + Files.readString(directory.resolve("nginx.out"))
                        + Files.readString(directory.resolve("error.log")));
            }
            try {
                herald.send(herald.request("/api/v1/streams/x/events").timeout(Duration.ofSeconds(2)).GET().build());
                return;
            } catch (java.io.UncheckedIOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen within " + WAIT);
    }

    /**
     * A request the access log recorded: method, path (without its query string), status, the end of the
     * credential in its {@code token} parameter ({@code -} for none) and the node that answered.
     */
    record Served(String method, String uri, int status, String tokenTail, String node) {
    }

    /** Every request recorded so far whose path contains {@code part}, in the order they ended. */
    List<Served> served(String part) throws IOException {
        return served().stream().filter(served -> served.uri().contains(part)).toList();
    }

    /**
     * The requests whose path contains {@code part}, once the log holds at least {@code count} of them: nginx
     * writes a request's line after its response has gone out, so a client can be answered before it is logged.
     */
    List<Served> served(String part, int count) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        for (List<Served> served = served(part); ; served = served(part)) {
            if (served.size() >= count) {
                return served;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the balancer logged " + served.size() + " of " + count + " requests to " + part);
            }
            Thread.sleep(20);
        }
    }

    /** Every request recorded so far that carried {@code ticket}, as far as the log can tell (by its end). */
    List<Served> servedWithTicket(String ticket) throws IOException {
        String tail = ticket.substring(ticket.length() - TICKET_TAIL);
        return served().stream().filter(served -> served.tokenTail().equals(tail)).toList();
    }

    private List<Served> served() throws IOException {
        if (!Files.exists(accessLog)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(accessLog);
        lines.forEach(line -> assertFalse(line.contains("?"), "a query string in the access log: " + line));
        return lines.stream().map(LINE::matcher).filter(Matcher::find).map(line -> new Served(line.group(1),
                line.group(2), Integer.parseInt(line.group(3)), line.group(4), line.group(5))).toList();
    }

    /**
     * The node that served a socket, once it has ended (nginx logs a request when it is over); the ticket in its
     * URL names it.
     */
    String nodeOf(SocketClient socket) throws Exception {
        String ticket = socket.uri.getRawQuery().substring("token=".length());
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<Served> line = servedWithTicket(ticket).stream().findFirst();
            if (line.isPresent()) {
                return line.get().node();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the balancer logged no end of the socket " + ticket + " within " + WAIT);
    }

    /** Waits until the balancer sends requests to {@code node} again (after a failure it leaves it out a while). */
    void awaitInRotation(MicroNode node) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            String probe = "probe-" + UUID.randomUUID();
            HttpResponse<String> answer = herald.send(herald.request("/api/v1/streams/" + probe + "/events").GET().build());
            if (answer.statusCode() == 401 && served(probe).stream().anyMatch(line -> line.node().equals(node.address()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(node.name + " took no request through the balancer within " + WAIT);
    }

    /** SIGTERM: nginx's fast shutdown. */
    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        nginx.waitFor();
    }
}
