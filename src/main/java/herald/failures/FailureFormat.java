package herald.failures;

import jakarta.ws.rs.core.Response;

/** How one door renders an error it did not produce itself; each door provides one as a CDI bean. */
public interface FailureFormat {

    /** True for request paths (relative to the context root, without a leading slash) of this door. */
    boolean serves(String path);

    /**
     * @param incident the id under which an unexpected failure was logged, or null for a client error
     */
    Response render(Response.StatusType status, String message, String incident);
}
