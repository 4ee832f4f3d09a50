package herald.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A server the run command started as a child process: Payara Micro or WildFly. */
interface RunningServer {

    Duration STOP_GRACE = Duration.ofSeconds(30);

    /** Polls {@code probe} until it answers {@code expectedStatus}; false if the server exits or time runs out. */
    boolean awaitStatus(URI probe, int expectedStatus, Duration timeout) throws InterruptedException;

    /** Waits for the server process to end; its exit status. */
    int waitFor() throws InterruptedException;

    /** Stops it in an orderly way, forcibly if it hangs. */
    void stop();

    /** HTTP/1.1: a first request offering an h2c upgrade was seen to hang on a freshly started Grizzly. */
    static HttpClient probeClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    }

    static HttpRequest probe(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    }

    /** SIGTERM, so the server shuts down in order; SIGKILL to it and its children if that takes too long. */
    static void terminate(Process process, String name) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println(name + " did not stop within " + STOP_GRACE.toSeconds() + " s; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
