package herald.sessions;

/** A user was dropped on another node: its connections on this node must close too. */
public record Dropped(String audience, String user) {
}
