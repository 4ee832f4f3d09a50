package herald.eventserver;

import herald.access.Authenticating;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An Eventserver route: callers bring Basic credentials of the realm or a Bearer token, checked by {@link StreamGate}. */
@NameBinding
@Authenticating
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface BasicOrBearer {
}
