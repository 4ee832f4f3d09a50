package herald.log.control;

import java.util.List;
import java.util.Map;

/**
 * One caller's share of a group commit: events for one or more topics of an audience, all or nothing.
 *
 * @param producer    the writing producer, or null
 * @param claimsTopic true when the producer must own the topic (Eventserver): the first such producer
 *                    becomes its owner and any other is refused with {@link TopicOwnedByOther}
 */
public record Append(String audience, Map<String, List<Draft>> draftsByTopic, String producer, boolean claimsTopic) {

    public Append {
        if (draftsByTopic.isEmpty() || draftsByTopic.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("nothing to append");
        }
    }

    public int events() {
        return draftsByTopic.values().stream().mapToInt(List::size).sum();
    }
}
