package herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * [ACCESS-DEFAULT] in the container: the shipped WAR plus a resource whose author forgot its door's binding.
 * It is refused without credentials, in the error envelope, and reachable with any accepted credential.
 */
@ExtendWith(ArquillianExtension.class)
class UnguardedRouteIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive herald() {
        return DeployedHerald.shippedWar().addClass(ForgottenResource.class);
    }

    @Test
    void aRouteWithoutItsDoorsBindingIsRefusedWithoutCredentials() throws URISyntaxException {
        DeployedHerald herald = DeployedHerald.at(base.toURI());
        HttpResponse<String> refused = herald.send(herald.request("/forgotten").GET().build());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("{\"code\":\"ETOKEN_INVALID\",\"error\":\"Unauthorized\",\"status\":401}", refused.body());

        HttpResponse<String> forged = herald.send(herald.request("/forgotten").header("Authorization", "Bearer a.b.c").GET().build());
        assertEquals(401, forged.statusCode(), forged.body());
    }

    @Test
    void aRouteWithoutItsDoorsBindingStillServesAnAuthenticatedCaller() throws URISyntaxException {
        DeployedHerald herald = DeployedHerald.at(base.toURI());
        CourierClient alice = CourierClient.inNewAudience(herald, "alice");
        HttpResponse<String> bearer = herald.send(herald.request("/forgotten").header("Authorization", "Bearer " + alice.token).GET().build());
        assertEquals(200, bearer.statusCode(), bearer.body());
        assertEquals("reached", bearer.body());
        HttpResponse<String> basic = herald.send(herald.request("/forgotten").header("Authorization", DeployedHerald.basicProducer()).GET().build());
        assertEquals(200, basic.statusCode(), basic.body());
    }
}
