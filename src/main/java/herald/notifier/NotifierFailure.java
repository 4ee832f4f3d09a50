package herald.notifier;

import herald.failures.EnvelopeFailure;

/**
 * A refusal of a connector route ({@code /push_events}, {@code /drop_user}), in the Notifier's words;
 * {@link EnvelopeFailure.Mapper} renders it in the error envelope the Notifier shares with the Courier door.
 */
public final class NotifierFailure extends EnvelopeFailure {

    static final String CODE = "EEVENTS_INVALID";

    private NotifierFailure(int status, String code, String message) {
        super(status, code, message);
    }

    static NotifierFailure tokenInvalid(String reason) {
        return new NotifierFailure(401, "ETOKEN_INVALID", reason);
    }

    static NotifierFailure forbidden(String reason) {
        return new NotifierFailure(403, "ESTATUS_FORBIDDEN", reason);
    }

    /** 400 {@code EEVENTS_INVALID}: the body is not what the route takes. */
    static NotifierFailure invalid(String reason) {
        return new NotifierFailure(400, CODE, reason);
    }

    static NotifierFailure tooLarge(int limit) {
        return new NotifierFailure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
    }
}
