package herald.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the WAR's {@code console/} folder. A name is a plain file name with a known extension, so no
 * request can reach outside the folder whatever it encodes; the media type follows from the extension.
 * A deployed WAR does not change, so each file is read and tagged once.
 */
@ApplicationScoped
public class ConsoleFiles {

    static final String FOLDER = "/console/";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js)");
    private static final Map<String, MediaType> TYPES = Map.of(
            "html", MediaType.TEXT_HTML_TYPE.withCharset("utf-8"),
            "css", new MediaType("text", "css", "utf-8"),
            "js", new MediaType("text", "javascript", "utf-8"));

    @Inject
    ServletContext servletContext;

    private final Map<String, ConsoleFile> loaded = new ConcurrentHashMap<>();

    /** The file of that name, or empty if the name is not a console file name or no such file exists. */
    public Optional<ConsoleFile> find(String name) {
        Matcher valid = NAME.matcher(name);
        if (!valid.matches()) {
            return Optional.empty();
        }
        ConsoleFile cached = loaded.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Misses are not cached: only names of existing files ever enter the map, which keeps it bounded.
        return read(name, TYPES.get(valid.group(1))).map(file -> {
            loaded.putIfAbsent(name, file);
            return file;
        });
    }

    private Optional<ConsoleFile> read(String name, MediaType type) {
        try (InputStream in = servletContext.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] content = in.readAllBytes();
            return Optional.of(new ConsoleFile(content, type, new EntityTag(sha256(content))));
        } catch (IOException e) {
            throw new UncheckedIOException("console file " + name + " could not be read", e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
