package herald.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/** Reads the configured token-verification key: PEM text itself, or a {@code file:} or {@code https:} location. */
final class PublicKeys {

    private PublicKeys() {
    }

    static PublicKey load(String configured) {
        String pem = configured.strip();
        if (pem.startsWith("file:")) {
            pem = read(Path.of(URI.create(pem)));
        } else if (pem.startsWith("https:") || pem.startsWith("http:")) {
            pem = fetch(URI.create(pem));
        }
        return parse(pem);
    }

    static PublicKey parse(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("HERALD_JWT_PUBLIC_KEY is not a PEM public key", e);
        }
        for (String algorithm : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("HERALD_JWT_PUBLIC_KEY is neither an RSA nor an EC public key");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("HERALD_JWT_PUBLIC_KEY file cannot be read: " + file, e);
        }
    }

    private static String fetch(URI location) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HERALD_JWT_PUBLIC_KEY location answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("HERALD_JWT_PUBLIC_KEY location cannot be read: " + location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading HERALD_JWT_PUBLIC_KEY", e);
        }
    }
}
