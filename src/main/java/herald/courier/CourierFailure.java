package herald.courier;

import herald.failures.ErrorEnvelope;
import jakarta.ws.rs.WebApplicationException;

/** Refusals of the Courier REST API, in its error envelope with the status SPEC §3 gives. */
final class CourierFailure {

    private CourierFailure() {
    }

    static WebApplicationException tokenInvalid(String reason) {
        return ErrorEnvelope.failure(401, "ETOKEN_INVALID", reason);
    }

    static WebApplicationException forbidden(String reason) {
        return ErrorEnvelope.failure(403, "ESTATUS_FORBIDDEN", reason);
    }

    static WebApplicationException audienceNotFound(String audience) {
        return ErrorEnvelope.failure(400, "EAUD_NOTFOUND", "Audience " + audience + " does not exist");
    }

    /** 412: the body could not be read as what the route expects (syntax, media type). */
    static WebApplicationException unreadable(String code, String reason) {
        return ErrorEnvelope.failure(412, code, reason);
    }

    /** 422: the body was read but breaks a rule. */
    static WebApplicationException invalid(String code, String reason) {
        return ErrorEnvelope.failure(422, code, reason);
    }

    static WebApplicationException tooLarge(int limit) {
        return ErrorEnvelope.failure(413, "EBODY_TOO_LARGE", "Body exceeds " + limit + " bytes");
    }

    static WebApplicationException consumerNotFound(String name) {
        return ErrorEnvelope.failure(404, "ECONSUMER_NOTFOUND", "Consumer " + name + " does not exist");
    }
}
