package herald.access;

import jakarta.ejb.ApplicationException;

/**
 * A credential that cannot be accepted; the message is safe to show to the client. An application
 * exception, so that it leaves the {@link Tokens} bean as itself rather than wrapped as a server failure.
 */
@ApplicationException
public class InvalidToken extends RuntimeException {

    public InvalidToken(String reason) {
        super(reason);
    }
}
