package herald.access;

import static herald.limits.JsonProviders.JSON;

import herald.ids.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

/**
 * WebSocket tickets: what a browser, which cannot send headers on a WebSocket, presents instead of its JWT.
 *
 * <p>Contract: a ticket is opaque to clients, HMAC-signed with a key every node shares (kept in the
 * database), bound to the caller's audience, subject and roles, valid for {@code herald.ticket.ttl-seconds},
 * and redeemable once in the whole cluster (its id is recorded, and the primary key refuses a second
 * redemption). Redemption refuses expired, reused, tampered and foreign tickets with {@link InvalidToken}.
 */
@ApplicationScoped
public class Tickets {

    private static final String KEY_NAME = "ticket-key";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    @Inject
    DataSource database;

    @Inject
    @ConfigProperty(name = "herald.ticket.ttl-seconds", defaultValue = "60")
    long ttlSeconds;

    private volatile SecretKeySpec key;

    /** A new single-use ticket standing for {@code caller}. */
    public String issue(Caller caller) {
        JsonObject claims = JSON.createObjectBuilder()
                .add("jti", RandomIds.next().toString())
                .add("aud", caller.audience())
                .add("sub", caller.subject() == null ? JsonValue.NULL : JSON.createValue(caller.subject()))
                .add("groups", JSON.createArrayBuilder(caller.roles()))
                .add("exp", Instant.now().getEpochSecond() + ttlSeconds)
                .build();
        String payload = ENCODER.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(sign(payload));
    }

    /**
     * The caller a ticket stands for; the ticket cannot be redeemed again, here or on any other node. Outside
     * any transaction: the redemption is one statement that commits by itself (one round trip, where a
     * transaction of its own took three and the JTA work around them, on every WebSocket upgrade).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Caller redeem(String ticket) {
        int dot = ticket.indexOf('.');
        if (dot < 1 || dot != ticket.lastIndexOf('.')) {
            throw new InvalidToken("malformed ticket");
        }
        String payload = ticket.substring(0, dot);
        if (!CompactForm.isBase64Url(payload) || !CompactForm.isBase64Url(ticket.substring(dot + 1))) {
            throw new InvalidToken("malformed ticket"); // one spelling per ticket
        }
        byte[] signature;
        JsonObject claims;
        try {
            signature = DECODER.decode(ticket.substring(dot + 1));
            claims = parse(new String(DECODER.decode(payload), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            throw new InvalidToken("malformed ticket");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw new InvalidToken("ticket signature is invalid");
        }
        long expires = claims.getJsonNumber("exp").longValue();
        if (expires < Instant.now().getEpochSecond()) {
            throw new InvalidToken("ticket has expired");
        }
        if (!recordRedemption(UUID.fromString(claims.getString("jti")), Instant.ofEpochSecond(expires))) {
            throw new InvalidToken("ticket was already used");
        }
        Set<String> roles = new HashSet<>();
        claims.getJsonArray("groups").getValuesAs(JsonString.class).forEach(role -> roles.add(role.getString()));
        String audience = claims.getString("aud");
        String subject = claims.isNull("sub") ? null : claims.getString("sub");
        return new Caller(audience, subject, roles, Map.of(
                Claims.aud.name(), Set.of(audience),
                Claims.sub.name(), subject == null ? "" : subject,
                Claims.groups.name(), Set.copyOf(roles)));
    }

    /** Forgets redemptions of tickets that have expired anyway; returns how many. */
    @Transactional
    public int purgeExpired() {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from used_ticket where expires_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(60)));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("used tickets could not be purged", e);
        }
    }

    /** Whether this is the ticket's first redemption; committed when this returns. */
    private boolean recordRedemption(UUID jti, Instant expires) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into used_ticket (jti, expires_at) values (?, ?) on conflict (jti) do nothing")) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true); // never left to a pool's default: the row must be committed now
            }
            insert.setObject(1, jti);
            insert.setTimestamp(2, Timestamp.from(expires));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("ticket redemption could not be recorded", e);
        }
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            key = new SecretKeySpec(sharedKey(), "HmacSHA256");
        }
        return key;
    }

    /** The cluster's ticket key: the first node to need one creates it; every node then reads the same row. */
    private byte[] sharedKey() {
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into herald_secret (name, value) values (?, ?) on conflict (name) do nothing")) {
                insert.setString(1, KEY_NAME);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("select value from herald_secret where name = ?")) {
                select.setString(1, KEY_NAME);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ticket key could not be read", e);
        }
    }
}
