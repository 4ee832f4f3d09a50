package herald.limits;

import jakarta.json.spi.JsonProvider;

/**
 * The application's one JSON provider. The static methods of {@code jakarta.json.Json} look the provider up
 * with a {@code ServiceLoader} on every call: 6 % of WildFly's fan-out CPU went to that in a profile (issue
 * 10), for a reader per incoming frame and a value per rendered event. The provider is thread-safe.
 */
public final class JsonProviders {

    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonProviders() {
    }
}
