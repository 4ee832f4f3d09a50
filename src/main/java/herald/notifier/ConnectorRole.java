package herald.notifier;

import herald.access.Permissions;
import herald.access.RequestCaller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Authorises every {@link ConnectorsOnly} route once {@link ConnectorGate} established the caller: 403
 * {@code ESTATUS_FORBIDDEN} without the connector or admin role.
 */
@Provider
@ConnectorsOnly
@Priority(Priorities.AUTHORIZATION)
public class ConnectorRole implements ContainerRequestFilter {

    @Inject
    RequestCaller caller;

    @Override
    public void filter(ContainerRequestContext context) {
        if (!Permissions.isPrivileged(caller.get())) {
            throw NotifierFailure.forbidden("The connector role is required");
        }
    }
}
