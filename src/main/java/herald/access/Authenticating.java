package herald.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a door's {@code @NameBinding} annotation whose filter establishes the caller (or refuses the request
 * in the door's format): a resource carrying such a binding is authenticated by its door, and
 * {@link SecureByDefault} leaves it alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface Authenticating {
}
