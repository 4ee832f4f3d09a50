package herald.console;

import herald.access.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /dev-token}: the admin token the run command minted with the secret it generated, so that the
 * console can offer it with one click. The run command sets {@code herald.dev.token} (as
 * {@code HERALD_DEV_TOKEN}) only in that case; without it this route is 404, as if it did not exist.
 *
 * <p>Payara Micro listens on every interface, and the token is an admin token: it is given only to callers on
 * this machine, and not through a proxy (a proxy on this machine would make every caller look local).
 */
@Path("dev-token")
@RequestScoped
@Public("the token is the credential; it has its own rule: only with herald.dev.token set, only to this machine")
public class DevTokenResource {

    @Inject
    @ConfigProperty(name = "herald.dev.token")
    Optional<String> token;

    @Context
    HttpServletRequest request;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response token() {
        String value = token.filter(t -> !t.isBlank()).orElseThrow(NotFoundException::new);
        if (!fromThisMachine(request.getRemoteAddr(), request.getHeader("Forwarded") != null
                || request.getHeader("X-Forwarded-For") != null)) {
            throw new NotFoundException();
        }
        return Response.ok(value).cacheControl(CacheControl.valueOf("no-store")).build();
    }

    static boolean fromThisMachine(String remoteAddress, boolean forwarded) {
        if (forwarded || remoteAddress == null || remoteAddress.isBlank()) {
            return false; // getByName("") would answer the loopback address
        }
        try {
            // a servlet's remote address is a literal IP, so this parses it and never resolves a name
            return InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
