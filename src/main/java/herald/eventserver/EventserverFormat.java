package herald.eventserver;

import herald.failures.FailureFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** Errors under {@code /api/} as the original renders them: {@code "<Reason>[ - <detail>]"}. */
@ApplicationScoped
public class EventserverFormat implements FailureFormat {

    @Override
    public boolean serves(String path) {
        return path.startsWith("api/");
    }

    @Override
    public Response render(Response.StatusType status, String message, String incident) {
        return StreamFailure.render(status.getStatusCode(), incident == null ? message : message + " - " + incident);
    }
}
