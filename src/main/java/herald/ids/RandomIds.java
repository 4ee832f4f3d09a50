package herald.ids;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/** Version 4 UUIDs, as {@link UUID#randomUUID()} makes them, without its lock shared by every thread. */
public final class RandomIds {

    /** A DRBG per thread, seeded by the system once: strong, and contended by nobody. */
    private static final ThreadLocal<SecureRandom> GENERATORS = ThreadLocal.withInitial(RandomIds::generator);

    private RandomIds() {
    }

    public static UUID next() {
        byte[] bytes = new byte[16];
        GENERATORS.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer halves = ByteBuffer.wrap(bytes);
        return new UUID(halves.getLong(), halves.getLong());
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // no DRBG in this JDK: the default, contended or not
        }
    }
}
