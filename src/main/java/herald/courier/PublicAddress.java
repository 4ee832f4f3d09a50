package herald.courier;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The address a client reached Herald at, as seen through reverse proxies. */
final class PublicAddress {

    private static final Pattern FORWARDED_PROTO = Pattern.compile("(?i)(?:^|[;,\\s])proto=\"?([a-z]+)\"?");
    private static final Pattern FORWARDED_HOST = Pattern.compile("(?i)(?:^|[;,\\s])host=\"?([^;,\"\\s]+)\"?");

    private PublicAddress() {
    }

    /** {@code ws://host[:port]} or {@code wss://…}, with the context path. */
    static String webSocketBase(HttpServletRequest request) {
        String forwarded = first(request.getHeader("Forwarded"));
        String scheme = match(FORWARDED_PROTO, forwarded);
        String host = match(FORWARDED_HOST, forwarded);
        if (scheme == null) {
            scheme = first(request.getHeader("X-Forwarded-Proto"));
        }
        if (host == null) {
            host = first(request.getHeader("X-Forwarded-Host"));
        }
        if (scheme == null) {
            scheme = request.getScheme();
        }
        if (host == null) {
            host = request.getHeader("Host");
        }
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        boolean secure = scheme.toLowerCase(Locale.ROOT).equals("https") || scheme.equalsIgnoreCase("wss");
        return (secure ? "wss://" : "ws://") + host + request.getContextPath();
    }

    /** The first element of a comma-separated header: the proxy nearest the client. */
    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    private static String match(Pattern pattern, String header) {
        if (header == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(header);
        return matcher.find() ? matcher.group(1) : null;
    }
}
