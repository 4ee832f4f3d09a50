package herald.log.boundary;

import herald.log.control.Append;
import herald.log.control.Draft;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's append, waiting for the group commit that takes it: completed with its batches (one per
 * topic, in topic-name order) once they are committed, or exceptionally with what refused it alone.
 */
public final class AppendRequest {

    final Append append;
    final int events;
    final long acceptedNanos = System.nanoTime();
    final CompletableFuture<List<Appended>> outcome = new CompletableFuture<>();

    AppendRequest(String audience, Map<String, List<Draft>> draftsByTopic, String producer, boolean claimsTopic) {
        this.append = new Append(audience, draftsByTopic, producer, claimsTopic);
        this.events = append.events();
    }
}
