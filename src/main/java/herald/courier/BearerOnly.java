package herald.courier;

import herald.access.Authenticating;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A Courier REST route: callers bring a valid Bearer token, checked by {@link CourierGate}. */
@NameBinding
@Authenticating
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface BearerOnly {
}
