package herald.cors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser origins {@code herald.cors.allowed-origins} lists, as browsers spell them in {@code Origin}.
 * Methods are public: a client proxy cannot stand in for package-private ones where the server loads it apart
 * from the class (embedded Payara), and would answer from its own empty fields.
 */
@ApplicationScoped
public class AllowedOrigins {

    static final String KEY = "herald.cors.allowed-origins";

    @Inject
    @ConfigProperty(name = KEY)
    Optional<String> setting;

    private Set<String> origins = Set.of();

    /** The list as the setting would hold it, for tests without a container. */
    static AllowedOrigins of(String setting) {
        AllowedOrigins allowed = new AllowedOrigins();
        allowed.origins = parse(setting);
        return allowed;
    }

    @PostConstruct
    void read() {
        origins = parse(setting.orElse(""));
    }

    /** A malformed list fails the deployment, rather than every cross-origin request after it. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        origins.size(); // reaching the bean ran read()
    }

    public boolean none() {
        return origins.isEmpty();
    }

    /** Exact comparison: a browser sends its origin in one spelling, the one {@link #parse} brings the list to. */
    public boolean allows(String origin) {
        return origin != null && origins.contains(origin);
    }

    /**
     * Each entry must be {@code http(s)://host[:port]}. Entries are lower-cased and lose a trailing slash and a
     * default port, as browsers serialize an origin. {@code *} is refused: Herald answers each origin by name.
     */
    static Set<String> parse(String setting) {
        return Arrays.stream(setting.split(",")).map(String::strip).filter(entry -> !entry.isEmpty())
                .map(AllowedOrigins::origin).collect(Collectors.toUnmodifiableSet());
    }

    private static String origin(String entry) {
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw refused(entry);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw refused(entry);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalStateException refused(String entry) {
        return new IllegalStateException(KEY + ": '" + entry + "' is not an origin; list exact origins such as"
                + " https://app.example.com or http://localhost:3000, separated by commas");
    }
}
