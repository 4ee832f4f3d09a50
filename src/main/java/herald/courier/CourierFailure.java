package herald.courier;

import herald.failures.EnvelopeFailure;

/**
 * A refusal of the Courier REST API, with the status and code SPEC §3 gives; {@link EnvelopeFailure.Mapper}
 * renders it in the door's error envelope, wherever it was thrown (filter or resource).
 */
public final class CourierFailure extends EnvelopeFailure {

    private CourierFailure(int status, String code, String message) {
        super(status, code, message);
    }

    static CourierFailure tokenInvalid(String reason) {
        return new CourierFailure(401, "ETOKEN_INVALID", reason);
    }

    static CourierFailure forbidden(String reason) {
        return new CourierFailure(403, "ESTATUS_FORBIDDEN", reason);
    }

    static CourierFailure audienceNotFound(String audience) {
        return new CourierFailure(400, "EAUD_NOTFOUND", "Audience " + audience + " does not exist");
    }

    /** 412: the body could not be read as what the route expects (syntax, media type). */
    static CourierFailure unreadable(String code, String reason) {
        return new CourierFailure(412, code, reason);
    }

    /** 422: the body was read but breaks a rule. */
    static CourierFailure invalid(String code, String reason) {
        return new CourierFailure(422, code, reason);
    }

    static CourierFailure tooLarge(int limit) {
        return new CourierFailure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
    }

    static CourierFailure consumerNotFound(String name) {
        return new CourierFailure(404, "ECONSUMER_NOTFOUND", "Consumer " + name + " does not exist");
    }
}
