package herald.log.control;

import herald.log.boundary.Appended;
import java.util.List;

/**
 * What a group reservation made of one {@link Append}: its numbered batches (one per topic, in topic-name
 * order), or the rule that refused it alone, before it took any seq.
 */
public record Reservation(List<Appended> batches, TopicOwnedByOther refusal) {

    static Reservation of(List<Appended> batches) {
        return new Reservation(List.copyOf(batches), null);
    }

    static Reservation refused(TopicOwnedByOther refusal) {
        return new Reservation(null, refusal);
    }

    /** The batches, or the refusal thrown. */
    public List<Appended> batchesOrThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return batches;
    }
}
