package herald.access;

import java.util.Base64;

/**
 * Credentials in exactly one spelling (issue 12). Decoders are lenient: nimbus skips whitespace inside a
 * JWT, and base64 decoders ignore the unused low bits of the last character and accept padding, so one
 * token or ticket could be written several ways, each passing a check made on another. Herald accepts
 * only the canonical form: unpadded base64url (RFC 7515 §2) whose re-encoding is the text itself.
 */
final class CompactForm {

    /** Longer than any token Herald or an identity provider issues, short enough to refuse cheaply. */
    static final int MAX_LENGTH = 8 * 1024;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CompactForm() {
    }

    /** A JWS in compact serialisation: three canonical base64url parts, none empty. */
    static boolean isJws(String token) {
        if (token.length() > MAX_LENGTH) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        return parts.length == 3 && isBase64Url(parts[0]) && isBase64Url(parts[1]) && isBase64Url(parts[2]);
    }

    /** Non-empty, only base64url characters, no padding, and no second spelling of the same bytes. */
    static boolean isBase64Url(String part) {
        if (part.isEmpty() || part.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        try {
            return ENCODER.encodeToString(DECODER.decode(part)).equals(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Text with no control character (NUL included): what a user name or password may hold. */
    static boolean isPrintable(String text) {
        return text.chars().noneMatch(Character::isISOControl);
    }
}
