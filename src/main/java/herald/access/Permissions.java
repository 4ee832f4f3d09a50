package herald.access;

/**
 * What a caller may do with a topic of its audience; the same answers for every door (DESIGN.md decision 5).
 * Private user topics {@code users/{x}} may be read by {@code x} itself and by connectors and admins, and
 * written by connectors and admins only. Every other topic is open to every caller of the audience.
 */
public final class Permissions {

    private static final String USER_TOPICS = "users/";

    private Permissions() {
    }

    public static boolean mayRead(Caller caller, String topic) {
        if (!topic.startsWith(USER_TOPICS)) {
            return true;
        }
        return isPrivileged(caller) || topic.substring(USER_TOPICS.length()).equals(caller.subject());
    }

    public static boolean mayWrite(Caller caller, String topic) {
        return !topic.startsWith(USER_TOPICS) || isPrivileged(caller);
    }

    /** Connectors push for any user and drop users; admins may do everything in their audience. */
    public static boolean isPrivileged(Caller caller) {
        return caller.hasRole(Caller.CONNECTOR) || caller.hasRole(Caller.ADMIN);
    }

    /** The private topic of a user. */
    public static String userTopic(String user) {
        return USER_TOPICS + user;
    }
}
