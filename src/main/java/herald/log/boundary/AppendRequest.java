package herald.log.boundary;

import herald.log.control.Draft;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's append, waiting for the group commit that takes it: completed with its batches (one per
 * topic, in topic-name order) once they are committed, or exceptionally with what refused it alone.
 */
public final class AppendRequest {

    final String audience;
    final Map<String, List<Draft>> draftsByTopic;
    final String producer;
    final boolean claimsTopic;
    final int events;
    final long acceptedNanos = System.nanoTime();
    final CompletableFuture<List<Appended>> outcome = new CompletableFuture<>();

    AppendRequest(String audience, Map<String, List<Draft>> draftsByTopic, String producer, boolean claimsTopic) {
        if (draftsByTopic.isEmpty() || draftsByTopic.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("nothing to append");
        }
        this.audience = audience;
        this.draftsByTopic = draftsByTopic;
        this.producer = producer;
        this.claimsTopic = claimsTopic;
        this.events = draftsByTopic.values().stream().mapToInt(List::size).sum();
    }
}
