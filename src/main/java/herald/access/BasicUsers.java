package herald.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The Basic-auth realm: users in Herald's own database with PBKDF2 password hashes, the portable form of a
 * JDBC realm that works unchanged on Payara and WildFly.
 *
 * <p>PBKDF2 is slow on purpose (hundreds of milliseconds per check), which a producer posting thousands of
 * events cannot pay per request. A successful check is therefore remembered for {@link #REMEMBER_MILLIS}
 * as a keyed digest of the password (never the password): a changed password takes effect within that time.
 */
@ApplicationScoped
public class BasicUsers implements IdentityStore {

    static final long REMEMBER_MILLIS = 60_000;

    @Inject
    DataSource database;

    @Inject
    Pbkdf2PasswordHash hashes;

    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private SecretKeySpec digestKey;

    @PostConstruct
    void init() {
        hashes.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        digestKey = new SecretKeySpec(key, "HmacSHA256");
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        String name = credential.getCaller();
        byte[] digest = digest(name, credential.getPasswordAsString());
        Remembered remembered = verified.get(name);
        if (remembered != null && remembered.expiresAt > System.currentTimeMillis()
                && MessageDigest.isEqual(remembered.digest, digest)) {
            return new CredentialValidationResult(name);
        }
        String hash = storedHash(name);
        if (hash == null || !hashes.verify(credential.getPassword().getValue(), hash)) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        verified.put(name, new Remembered(digest, System.currentTimeMillis() + REMEMBER_MILLIS));
        return new CredentialValidationResult(name);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE);
    }

    /** Creates the user or replaces its password. */
    @Transactional
    public void save(String name, String password) {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     insert into basic_user (name, password_hash) values (?, ?)
                     on conflict (name) do update set password_hash = excluded.password_hash""")) {
            upsert.setString(1, name);
            upsert.setString(2, hashes.generate(password.toCharArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("user " + name + " could not be saved", e);
        }
        verified.remove(name);
    }

    private String storedHash(String name) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select password_hash from basic_user where name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("user " + name + " could not be read", e);
        }
    }

    private byte[] digest(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private record Remembered(byte[] digest, long expiresAt) {
    }
}
