package herald.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Payara Micro as a child process: a separate JVM, so the server's classes never mix with the run command's
 * test classpath, and stopping it is an ordinary SIGTERM that runs Micro's own orderly shutdown.
 */
public final class PayaraMicro implements RunningServer {

    /**
     * One line per record instead of Micro's bracketed ODL format; the bundled trust store's expired
     * certificates alone would print several hundred lines per start, and boot-command and data-grid
     * chatter says nothing a developer needs (failures still show at WARNING and above).
     */
    private static final String LOGGING = """
            handlers=java.util.logging.ConsoleHandler
            java.util.logging.ConsoleHandler.level=INFO
            java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
            java.util.logging.SimpleFormatter.format=%1$tT %4$s %3$s: %5$s%6$s%n
            .level=INFO
            javax.enterprise.system.security.ssl.level=SEVERE
            fish.payara.boot.runtime.BootCommand.level=WARNING
            fish.payara.nucleus.cluster.level=WARNING
            fish.payara.nucleus.hazelcast.level=WARNING
            com.hazelcast.level=WARNING
            io.opentelemetry.level=WARNING
            org.glassfish.ha.store.level=WARNING
            javax.enterprise.system.tools.deployment.common.level=WARNING
            javax.enterprise.system.core.security.level=WARNING
            javax.enterprise.system.container.web.com.sun.web.security.level=WARNING
            """;

    private final Process process;
    private final PrintStream sink;
    /** Released when Micro logs "ready", which it does after the deployment whether that succeeded or not. */
    private final CountDownLatch booted = new CountDownLatch(1);
    private final Thread copier = new Thread(this::copyOutput, "payara-micro-output");

    private PayaraMicro(Process process, PrintStream sink) {
        this.process = process;
        this.sink = sink;
        copier.setDaemon(true);
        copier.start();
    }

    /**
     * @param postBootCommands asadmin commands (name first) run after boot, before the WAR deploys
     * @param environment added to this process's environment, which Micro's MicroProfile Config reads
     */
    static PayaraMicro start(Path microJar, Path war, Path driverJar, int port, Path workDirectory,
                             List<List<String>> postBootCommands, Map<String, String> environment) throws IOException {
        return start(microJar, war, driverJar, port, workDirectory, postBootCommands, environment, System.out);
    }

    /** @param output where Micro's log lines go (the benchmark keeps them out of its report) */
    public static PayaraMicro start(Path microJar, Path war, Path driverJar, int port, Path workDirectory,
                                    List<List<String>> postBootCommands, Map<String, String> environment,
                                    PrintStream output) throws IOException {
        Files.createDirectories(workDirectory);
        Path commandFile = ownerOnly(workDirectory.resolve("post-boot-commands.asadmin"));
        Files.writeString(commandFile, commandFile(postBootCommands));
        Path logging = Files.writeString(workDirectory.resolve("logging.properties"), LOGGING);

        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", microJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", Integer.toString(port),
                "--nocluster",
                "--disablephonehome",
                "--addlibs", driverJar.toString(),
                "--postbootcommandfile", commandFile.toString(),
                "--logproperties", logging.toString());
        // Micro's output passes through us (to spot its "ready" line); input stays the terminal's.
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new PayaraMicro(builder.start(), output);
    }

    /**
     * Micro splits each line at whitespace and keeps quotes as part of the argument, so arguments are
     * written bare and anything the file format cannot carry is refused instead of silently mangled.
     */
    static String commandFile(List<List<String>> commands) {
        return commands.stream().map(command -> {
            for (String argument : command) {
                if (argument.isEmpty() || argument.matches("(?s).*\\s.*") || argument.startsWith("\"")
                        || argument.startsWith("'") || argument.contains("${")) {
                    throw new IllegalArgumentException("cannot pass to Payara Micro's command file (no spaces, "
                            + "leading quotes or ${ allowed): " + argument);
                }
            }
            return String.join(" ", command);
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The command file may hold HERALD_DB_PASSWORD. */
    private static Path ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file);
        }
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** The server's JVM, for its CPU time. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Polls {@code probe} until it answers {@code expectedStatus}. False if Micro exits, if it reports
     * ready and the WAR then answers with another status (a failed deployment leaves Micro running), or if
     * time runs out. No answer at all after "ready" is no verdict: on a busy machine the first request to a
     * new deployment can take longer than one probe's timeout.
     */
    @Override
    public boolean awaitStatus(URI probe, int expectedStatus, Duration timeout) throws InterruptedException {
        HttpClient client = RunningServer.probeClient();
        HttpRequest request = RunningServer.probe(probe);
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            boolean bootFinished = booted.getCount() == 0;
            int status;
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException noAnswer) {
                status = -1; // not listening yet, or too slow to answer
            }
            if (status == expectedStatus) {
                return true;
            }
            if (bootFinished && status != -1) {
                return false;
            }
            if (bootFinished) {
                Thread.sleep(500);
            } else {
                booted.await(500, TimeUnit.MILLISECONDS);
            }
        }
        return false;
    }

    private void copyOutput() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                sink.println(line);
                if (line.contains("PayaraMicro: Payara Micro ") && line.contains(" ready in ")) {
                    booted.countDown();
                }
            }
        } catch (IOException closed) {
            // Micro has gone
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGKILL: the JVM dies at once, in the middle of whatever it was doing, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        copier.join(2_000);
    }

    /** SIGTERM first so Micro undeploys Herald (WebSockets closed with 1001); force only if it hangs. */
    @Override
    public void stop() {
        RunningServer.terminate(process, "Payara Micro");
        try {
            copier.join(2_000); // Micro's last lines are still in the pipe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
