package herald.log.entity;

import java.util.regex.Pattern;

/**
 * The naming rule every door shares (SPEC §1): 1–255 characters of {@code A-Z a-z 0-9 . _ ~ : / -}.
 * Names starting with {@code $} are reserved for Herald's own topics, such as {@link #BROADCAST}.
 */
public final class TopicName {

    public static final String BROADCAST = "$broadcast";
    public static final int MAX_LENGTH = 255;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~:/-]{1," + MAX_LENGTH + "}");

    private TopicName() {
    }

    /** True when a client may name this topic; reserved names are refused. */
    public static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches();
    }
}
