package herald.notifier;

import herald.access.Authenticating;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A connector route: callers have the connector (or admin) role, checked by {@link ConnectorGate} and {@link ConnectorRole}. */
@NameBinding
@Authenticating
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface ConnectorsOnly {
}
