package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import herald.dev.TokenSigner;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** [CO-FILES], [CO-DEV-TOKEN], and the console with herald.js in a real browser. */
class ConsoleIT extends DeployedHerald {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path E2E = Path.of(System.getProperty("herald.e2e.dir"));
    static final Duration E2E_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void thePageAndItsFilesAreServedWithTheirTypes() {
        for (String[] file : new String[][]{
                {"/", "text/html", "<script type=\"module\" src=\"console.js\">"},
                {"/index.html", "text/html", "<title>Herald console</title>"},
                {"/herald.js", "text/javascript", "export class Herald extends EventTarget"},
                {"/console.js", "text/javascript", "from './herald.js'"},
                {"/console.css", "text/css", ".event"}}) {
            HttpResponse<String> response = send(request(file[0]).GET().build());
            assertEquals(200, response.statusCode(), file[0]);
            assertEquals(file[1] + ";charset=utf-8", header(response, "Content-Type").replace(" ", "").toLowerCase(), file[0]);
            assertTrue(response.body().contains(file[2]), file[0]);
            assertEquals("no-cache", header(response, "Cache-Control"), file[0]);
            assertEquals("nosniff", header(response, "X-Content-Type-Options"), file[0]);
        }
        assertTrue(header(send(request("/").GET().build()), "Content-Security-Policy").contains("frame-ancestors 'none'"));
    }

    @Test
    void anUnchangedFileIsRevalidatedWithoutItsBody() {
        String tag = header(send(request("/herald.js").GET().build()), "ETag");
        HttpResponse<String> again = send(request("/herald.js").header("If-None-Match", tag).GET().build());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(tag, header(again, "ETag"));
    }

    @Test
    void nothingOutsideTheConsoleFolderIsServed() {
        for (String path : List.of("/missing.js", "/WEB-INF/web.xml", "/WEB-INF", "/console/herald.js", "/Herald.js",
                "/herald.json", "/..%2FWEB-INF%2Fweb.xml", "/%2e%2e/WEB-INF/web.xml", "/.%2e/WEB-INF/beans.xml",
                "/META-INF/MANIFEST.MF", "/herald.js%00.css", "/herald/console/ConsoleResource.class")) {
            HttpResponse<String> response = send(request(path).GET().build());
            // 404 or 400; WildFly answers the WAR's own /console/ folder with a redirect, which serves nothing either
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400 || response.statusCode() == 302,
                    path + " answered " + response.statusCode());
            assertTrue(!response.body().contains("<web-app") && !response.body().contains("<beans"), path);
        }
        CourierRestIT.assertEnvelope(send(request("/missing.js").GET().build()), 404, "ENOT_FOUND");
    }

    @Test
    void theDoorsKeepTheirPaths() {
        CourierRestIT.assertEnvelope(send(request("/v1/topic").GET().build()), 401, "ETOKEN_INVALID");
        assertEquals(405, send(request("/drop_user").GET().build()).statusCode());
    }

    @Test
    void theDevTokenIsGivenOnlyToCallersOnThisMachine() {
        HttpResponse<String> local = send(request("/dev-token").GET().build());
        assertEquals(200, local.statusCode());
        assertEquals(TestServer.DEV_TOKEN, local.body());
        assertEquals("no-store", header(local, "Cache-Control"));
        assertEquals(404, send(request("/dev-token").header("X-Forwarded-For", "203.0.113.9").GET().build()).statusCode());
        assertEquals(404, send(request("/dev-token").header("Forwarded", "for=203.0.113.9").GET().build()).statusCode());
    }

    /**
     * src/test/e2e/console-e2e.mjs drives the console in headless Chromium: subscribe, publish from the page and
     * over HTTP, a server-side drop while more events are published, and a resume that shows every event once,
     * in order. It saves target/console-e2e.png.
     */
    @Test
    void theConsoleShowsEveryEventOnceAcrossAReconnectInARealBrowser() throws Exception {
        requireBrowserTools();
        String audience = unique("console");
        String user = TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, "alice").build());
        String connector = TokenSigner.hs256(TestServer.SECRET, TestServer.claims(audience, "ops", "connector").build());
        Path screenshot = Path.of(System.getProperty("herald.e2e.screenshot"));
        Path output = Files.createTempFile("console-e2e", ".log");

        Instant started = Instant.now();
        Process node = new ProcessBuilder("node", E2E.resolve("console-e2e.mjs").toString(),
                base.toExternalForm(), user, connector, screenshot.toString())
                .directory(E2E.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(E2E_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        System.out.println("console-e2e.mjs (" + Duration.between(started, Instant.now()).toMillis() + " ms):\n" + log);
        assertTrue(finished, "console-e2e.mjs did not finish within " + E2E_TIMEOUT.toSeconds() + " s:\n" + log);
        assertEquals(0, node.exitValue(), log);
        assertTrue(log.contains("console e2e: passed"), log);
        assertTrue(Files.size(screenshot) > 0, "screenshot " + screenshot);
    }

    /**
     * On a machine without the browser tools the test is skipped, saying how to get them, so that `mvn verify`
     * needs nothing but a JDK and Maven; in CI ({@code CI=true}, where .ci/run installs them) it fails instead.
     */
    static void requireBrowserTools() {
        StringBuilder missing = new StringBuilder();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.append("\n  Chromium: apt-get install -y chromium");
        }
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            missing.append("\n  playwright-core: (cd src/test/e2e && npm ci)");
        }
        try {
            if (new ProcessBuilder("node", "--version").start().waitFor() != 0) {
                missing.append("\n  Node.js 20+: apt-get install -y nodejs");
            }
        } catch (IOException e) {
            missing.append("\n  Node.js 20+ on the PATH: apt-get install -y nodejs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!missing.isEmpty()) {
            String message = "The console's browser test needs tools this machine lacks (.ci/run installs them):" + missing;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
