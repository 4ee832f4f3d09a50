package herald.failures;

import herald.log.boundary.AppendQueueFull;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps everything no resource answered itself to the owning door's error format. */
@Provider
public class Failures implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(Failures.class.getName());
    /** An append queue drains in well under a second; a client waiting one is not turned away twice. */
    private static final int RETRY_AFTER_SECONDS = 1;

    @Context
    UriInfo uri;

    @Inject
    Instance<FailureFormat> formats;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            Response response = web.getResponse();
            if (response.hasEntity()) {
                return response; // already rendered by its door
            }
            return render(response.getStatusInfo(), response.getStatusInfo().getReasonPhrase(), null);
        }
        if (failure instanceof AppendQueueFull busy) {
            LOG.fine(busy::getMessage);
            return Response.fromResponse(render(Response.Status.SERVICE_UNAVAILABLE, busy.getMessage(), null))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident + " on " + uri.getPath(), failure);
        return render(Response.Status.INTERNAL_SERVER_ERROR, "Internal Server Error", incident);
    }

    private Response render(Response.StatusType status, String message, String incident) {
        String path = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        for (FailureFormat format : formats) {
            if (format.serves(path)) {
                return format.render(status, message, incident);
            }
        }
        return ErrorEnvelope.response(status.getStatusCode(), code(status.getStatusCode()),
                incident == null ? message : message + " - " + incident);
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> "ETOKEN_INVALID";
            case 403 -> "ESTATUS_FORBIDDEN";
            case 404 -> "ENOT_FOUND";
            case 405 -> "EMETHOD_NOT_ALLOWED";
            case 413 -> "EBODY_TOO_LARGE";
            case 503 -> "ESERVER_BUSY";
            default -> status >= 500 ? "ESERVER_UNKNOWN" : "EREQUEST_INVALID";
        };
    }
}
