package herald.access;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The identity provider's verification keys ({@code herald.jwt.jwks-url}), cached and kept current as the
 * provider rotates them.
 *
 * <p>What a caller can rely on:
 * <ul>
 *   <li>The set is read at most once per {@link #REFRESH_INTERVAL}, whatever tokens arrive: forged kids cannot
 *       make Herald hammer the provider.</li>
 *   <li>A kid the cached set lacks triggers a read, when one is allowed, before the token is judged: a key the
 *       provider just added verifies its first token. When no read is allowed, the token finds no key.</li>
 *   <li>A set older than {@link #MAX_AGE} is read again at the next token (which does not wait for it if
 *       another thread is reading already): a key the provider removed stops verifying within that time
 *       even when no unknown kid comes along.</li>
 *   <li>A read that fails (unreachable, not 200, not a JWK set) keeps the last good set and is logged at
 *       WARNING with the location and the reason, never with a token.</li>
 *   <li>{@link #keysFor} never throws and never returns a key not meant for the algorithm asked.</li>
 * </ul>
 */
final class JsonWebKeys {

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(JsonWebKeys.class.getName());

    private final JwksLocation location;
    private final InstantSource clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile KeySet keys = KeySet.EMPTY;
    /** When the current set was read; null until one was. */
    private volatile Instant readAt;
    /** When the last read began, successful or not; guarded by {@link #reading}. */
    private Instant attemptedAt;

    /** Reads the set once; a provider that is down now does not keep Herald from starting (see {@link #MAX_AGE}). */
    JsonWebKeys(JwksLocation location, InstantSource clock) {
        this.location = location;
        this.clock = clock;
        reading.lock();
        try {
            readIfAllowed(clock.instant());
        } finally {
            reading.unlock();
        }
    }

    /** The keys that may verify a token of this kid and algorithm, after a read if the kid is new or the set old. */
    List<Key> keysFor(Optional<String> kid, JWSAlgorithm algorithm) {
        KeySet current = keys;
        Instant now = clock.instant();
        if (kid.isPresent() && !current.has(kid.get())) {
            reading.lock(); // wait for a read under way: it may bring this very kid
            try {
                if (!keys.has(kid.get())) {
                    readIfAllowed(now);
                }
            } finally {
                reading.unlock();
            }
        } else if (isOld(now) && reading.tryLock()) {
            try {
                if (isOld(now)) {
                    readIfAllowed(now);
                }
            } finally {
                reading.unlock();
            }
        }
        return keys.keysFor(kid, algorithm);
    }

    private boolean isOld(Instant now) {
        Instant at = readAt;
        return at == null || !now.isBefore(at.plus(MAX_AGE));
    }

    /** Called holding {@link #reading}. */
    private void readIfAllowed(Instant now) {
        if (attemptedAt != null && now.isBefore(attemptedAt.plus(REFRESH_INTERVAL))) {
            return;
        }
        attemptedAt = now;
        KeySet read;
        try {
            read = KeySet.parse(location.read());
        } catch (IOException | IllegalArgumentException e) {
            KeySet kept = keys;
            LOG.warning(() -> "JWK set from " + location + " could not be read (" + reason(e) + "); "
                    + (readAt == null ? "no keys from it yet" : "keeping the " + kept.keys().size()
                    + " keys read at " + readAt) + ", next try in " + REFRESH_INTERVAL.toSeconds() + " s at the earliest");
            return;
        }
        boolean changed = !read.kids().equals(keys.kids()) || readAt == null;
        keys = read;
        readAt = now;
        LOG.log(changed ? Level.INFO : Level.FINE, () -> "JWK set from " + location + ": " + read.keys().size()
                + " verification keys, kids " + read.kids());
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
