package herald.courier;

import static herald.limits.JsonProviders.JSON;

import herald.access.Caller;
import herald.access.RequestCaller;
import herald.access.Tickets;
import herald.log.control.Audiences;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /v1/sign}: exchanges the JWT for a single-use WebSocket ticket and the URL to connect with, built
 * from the address the client used (proxies' {@code Forwarded}/{@code X-Forwarded-*} honoured) unless
 * {@code herald.public-ws-url} names it.
 */
@Path("v1/sign")
@RequestScoped
@BearerOnly
public class TicketsResource {

    @Context
    HttpServletRequest request;

    @Inject
    RequestCaller callers;

    @Inject
    Audiences audiences;

    @Inject
    Tickets tickets;

    @Inject
    @ConfigProperty(name = "herald.public-ws-url")
    Optional<String> publicWsUrl;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject sign() {
        Caller caller = callers.get();
        CourierRequest.requireAudience(audiences, caller);
        String ticket = tickets.issue(caller);
        String base = publicWsUrl.map(url -> url.replaceAll("/+$", "")).orElseGet(() -> PublicAddress.webSocketBase(request));
        return JSON.createObjectBuilder()
                .add("key", ticket)
                .add("url", base + "/ws?token=" + ticket)
                .build();
    }
}
