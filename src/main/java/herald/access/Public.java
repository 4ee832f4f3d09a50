package herald.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opts a resource out of authentication, on purpose: without it (or an {@link Authenticating} binding), a
 * resource method is refused to callers without credentials ({@link SecureByDefault}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Public {

    /** Why this route needs no credentials, for the reviewer of the next one. */
    String value();
}
