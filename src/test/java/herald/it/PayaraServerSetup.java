package herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Payara Server 6, unpacked by the build: a domain of its own on the ports the build reserved (the
 * defaults may be taken on a shared machine), configured and started by server-config/payara/configure.sh,
 * then deployed to by Arquillian's remote adapter, and stopped here at the end.
 */
final class PayaraServerSetup implements ServerSetup {

    private static final String DOMAIN = "herald-it";

    private final Path home = Path.of(TestServer.required("herald.it.payara.home"));
    private final String adminPort = TestServer.required("herald.it.admin.port");

    @Override
    public void beforeStart(TestDatabase database, Map<String, String> settings) {
        if (Files.isDirectory(home.resolve("glassfish/domains").resolve(DOMAIN))) {
            asadmin("delete-domain", DOMAIN); // from an earlier build, with other ports
        }
        asadmin("create-domain", "--nopassword", "--checkports=false",
                "--adminport", adminPort,
                "--instanceport", TestServer.required("herald.it.http.port"),
                "--domainproperties", String.join(":",
                        "http.ssl.port=" + TestServer.required("herald.it.https.port"),
                        "orb.listener.port=" + TestServer.required("herald.it.iiop.port"),
                        "orb.ssl.port=" + TestServer.required("herald.it.iiop-ssl.port"),
                        "orb.mutualauth.port=" + TestServer.required("herald.it.iiop-mutual.port"),
                        "jms.port=" + TestServer.required("herald.it.jms.port"),
                        "domain.jmxPort=" + TestServer.required("herald.it.jmx.port"),
                        "osgi.shell.telnet.port=" + TestServer.required("herald.it.osgi.port"),
                        "java.debugger.port=" + TestServer.required("herald.it.debug.port")),
                DOMAIN);
        try {
            ServerConfigScript.run("payara", database, settings, Map.of(
                    "PAYARA_HOME", home.toString(),
                    "PAYARA_DOMAIN", DOMAIN,
                    "AS_ADMIN_PORT", adminPort));
        } catch (RuntimeException e) {
            try {
                afterStop(); // the script may have started the domain; Arquillian will not stop what never started
            } catch (RuntimeException notRunning) {
                e.addSuppressed(notRunning);
            }
            throw e;
        }
    }

    @Override
    public void afterStop() {
        asadmin("stop-domain", DOMAIN);
    }

    private void asadmin(String... arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString(), "--interactive=false"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("asadmin " + arguments[0] + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
