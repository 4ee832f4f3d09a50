package herald.access;

import com.nimbusds.jose.JWSAlgorithm;
import herald.limits.JsonProviders;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * One JWK set as the provider published it, reduced to the keys Herald verifies with. Immutable: a refresh
 * replaces the whole set, so a verification never sees half of an old set and half of a new one.
 *
 * @param keys the usable keys; a kid may occur more than once (one key per type during a provider's migration)
 */
record KeySet(List<JsonWebKey> keys) {

    static final KeySet EMPTY = new KeySet(List.of());

    private static final Logger LOG = Logger.getLogger(KeySet.class.getName());

    KeySet {
        keys = List.copyOf(keys);
    }

    /**
     * The set a JWKS document describes. A key Herald cannot use is left out (another use, an unsupported type,
     * malformed parameters: one odd key must not cost the provider's other keys); the document itself must be a
     * JWK set.
     *
     * @throws IllegalArgumentException when the document is not a JSON object with a {@code keys} array
     */
    static KeySet parse(String document) {
        JsonValue json;
        try {
            json = JsonProviders.JSON.createReader(new StringReader(document)).readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException("the document is not JSON");
        }
        JsonValue members = json.getValueType() == JsonValue.ValueType.OBJECT ? json.asJsonObject().get("keys") : null;
        if (members == null || members.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("the document is not a JWK set (no \"keys\" array)");
        }
        List<JsonWebKey> keys = new ArrayList<>();
        for (JsonValue member : members.asJsonArray()) {
            if (member.getValueType() != JsonValue.ValueType.OBJECT) {
                LOG.warning("JWK set: a member of \"keys\" is not an object; left out");
                continue;
            }
            try {
                JsonWebKey.parse((JsonObject) member).ifPresent(keys::add);
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "JWK set: " + e.getMessage() + "; left out");
            }
        }
        return new KeySet(keys);
    }

    boolean has(String kid) {
        return keys.stream().anyMatch(key -> Objects.equals(key.kid(), kid));
    }

    /**
     * The keys that may verify a token with this header: those of its kid that are for its algorithm. A token
     * without a kid may be verified by any key for its algorithm (a provider with one key often omits kids).
     */
    List<Key> keysFor(Optional<String> kid, JWSAlgorithm algorithm) {
        return keys.stream()
                .filter(key -> kid.isEmpty() || kid.get().equals(key.kid()))
                .filter(key -> key.verifies(algorithm))
                .map(key -> (Key) key.key())
                .toList();
    }

    /** The key ids, for logs: they are public, unlike anything a token carries. */
    Set<String> kids() {
        Set<String> kids = new TreeSet<>();
        keys.forEach(key -> kids.add(key.kid() == null ? "(no kid)" : key.kid()));
        return kids;
    }
}
