package herald.console;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

/** One file of the console, read once: its bytes, media type and a strong entity tag of its content. */
record ConsoleFile(byte[] content, MediaType type, EntityTag tag) {
}
