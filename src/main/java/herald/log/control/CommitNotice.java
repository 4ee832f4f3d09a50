package herald.log.control;

import java.util.UUID;

/**
 * What the log tells other nodes when a transaction commits: "topic t now holds seqs first..last", sent with
 * PostgreSQL NOTIFY inside the appending transaction, so it is delivered if and only if the append commits.
 * It carries no event data: nodes read the events from the log themselves.
 */
public record CommitNotice(String node, long topicId, long firstSeq, long lastSeq) {

    /** The NOTIFY channel. */
    public static final String CHANNEL = "herald";

    /** This deployment's identity, so that a node can ignore its own notices (it delivered them already). */
    public static final String THIS_NODE = UUID.randomUUID().toString();

    public String payload() {
        return node + ":" + topicId + ":" + firstSeq + ":" + lastSeq;
    }

    /** The notice in a NOTIFY payload, or null if the payload is not one. */
    public static CommitNotice parse(String payload) {
        String[] parts = payload.split(":");
        if (parts.length != 4) {
            return null;
        }
        try {
            return new CommitNotice(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean fromThisNode() {
        return THIS_NODE.equals(node);
    }
}
