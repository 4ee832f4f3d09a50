package herald.courier;

/** Durable consumer names: 1–128 printable ASCII characters (U+0020 to U+007E). */
final class ConsumerName {

    static final int MAX_LENGTH = 128;

    private ConsumerName() {
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        return name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
