package herald.console;

import herald.access.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /} (the console page) and {@code GET /{name}} (its scripts and styles, {@code herald.js} among
 * them). Every resource of the other doors has a longer literal path, so JAX-RS matches them first; this
 * class only answers what no door claims.
 */
@Path("")
@RequestScoped
@Public("the console page, its scripts and styles (herald.js among them) hold no secret; the page asks for a token")
public class ConsoleResource {

    /**
     * The page holds a bearer token, so it runs only its own scripts and styles and cannot be framed. Sockets
     * may go to another host: {@code /v1/sign} names the one {@code herald.public-ws-url} points at.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self' ws: wss:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /**
     * File names carry no version, so browsers must revalidate every time; the entity tag makes that a 304
     * until the WAR is redeployed with other content.
     */
    private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");

    @Inject
    ConsoleFiles files;

    @Context
    Request request;

    @GET
    public Response page() {
        return file("index.html");
    }

    @GET
    @Path("{name}")
    public Response file(@PathParam("name") String name) {
        ConsoleFile file = files.find(name).orElseThrow(NotFoundException::new);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(file.tag());
        Response.ResponseBuilder response = unchanged != null ? unchanged : Response.ok(file.content(), file.type());
        response.tag(file.tag()).cacheControl(REVALIDATE).header("X-Content-Type-Options", "nosniff");
        if (file.type().isCompatible(MediaType.TEXT_HTML_TYPE)) {
            response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("Referrer-Policy", "no-referrer");
        }
        return response.build();
    }
}
