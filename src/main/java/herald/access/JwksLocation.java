package herald.access;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where the identity provider publishes its keys ({@code herald.jwt.jwks-url}), and reading the document there.
 * Keys decide who Herald believes, so they travel only over TLS or from the local disk; plain {@code http:} is
 * accepted for the loopback network alone, where a provider on the same host (or a test) serves them.
 */
final class JwksLocation {

    static final String KEY = "herald.jwt.jwks-url";
    /** How start-up failures name the setting: both spellings an operator may have used. */
    static final String SETTING = KEY + " (HERALD_JWT_JWKS_URL)";

    /** Far above any provider's set (Entra ID's, the largest seen, is a few KiB), low enough not to hold a flood. */
    static final int MAX_BYTES = 256 * 1024;

    private static final Pattern LOOPBACK = Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final HttpClient http;

    private JwksLocation(URI uri) {
        this.uri = uri;
        // Never follows redirects (the client's default): a set is read from where the operator said, only.
        this.http = uri.getScheme().equals("file") ? null
                : HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * @throws IllegalStateException naming the setting, for anything but an {@code https:} or {@code file:} URL
     *                               or an {@code http:} one on 127.0.0.0/8
     */
    static JwksLocation of(String configured) {
        URI uri;
        try {
            uri = new URI(configured.strip());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(SETTING + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        switch (scheme) {
            case "https" -> requireHost(uri);
            case "file" -> {
                try {
                    Path.of(uri);
                } catch (IllegalArgumentException e) { // relative, with a host, a query or a fragment
                    throw new IllegalStateException(SETTING + " must name a local file, as file:/etc/herald/jwks.json");
                }
            }
            case "http" -> {
                requireHost(uri);
                if (!LOOPBACK.matcher(uri.getHost()).matches()) {
                    throw new IllegalStateException(SETTING + " may use http: only on 127.0.0.0/8 (as http://127.0.0.1:8180/…);"
                            + " a key set from " + uri.getHost() + " must come over https:");
                }
            }
            default -> throw new IllegalStateException(SETTING + " must be an https: or file: URL (http: only on 127.0.0.0/8)");
        }
        return new JwksLocation(uri.normalize());
    }

    private static void requireHost(URI uri) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalStateException(SETTING + " names no host");
        }
    }

    /**
     * The document at this location, as text.
     *
     * @throws IOException if it cannot be read, is not answered with 200, or exceeds {@link #MAX_BYTES}
     */
    String read() throws IOException {
        byte[] bytes = http == null ? readFile() : fetch();
        if (bytes.length > MAX_BYTES) {
            throw new IOException("the key set exceeds " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] readFile() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    private byte[] fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("answered " + response.statusCode());
                }
                return body.readNBytes(MAX_BYTES + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Scheme, host, port and path: a query or user info may carry a credential, and this goes into logs. */
    @Override
    public String toString() {
        return uri.getScheme() + ":" + (uri.getHost() == null ? "" : "//" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())) + uri.getRawPath();
    }
}
